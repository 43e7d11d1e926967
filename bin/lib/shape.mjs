// @ts-check

/**
 * Checks of an answer's shape: a 2xx from something that is not (this version of) Provenant must not be read as a
 * verdict. Each check returns what is wrong at `path`, or null.
 * @typedef {(value: any, path: string) => string | null} Check
 */

/** @type {Check} */
export const string = (value, path) => (typeof value === 'string' ? null : `${path} is not a string`);
/** @type {Check} */
export const number = (value, path) => (typeof value === 'number' && Number.isFinite(value) ? null : `${path} is not a number`);
/** @type {Check} */
export const boolean = (value, path) => (typeof value === 'boolean' ? null : `${path} is not true or false`);

/** @param {unknown} expected */
export const equals = (expected) => /** @type {Check} */ ((value, path) => (value === expected ? null : `${path} is ${JSON.stringify(value) ?? 'missing'}, not ${JSON.stringify(expected)}`));

/** @param {Check} check */
export const nullable = (check) => /** @type {Check} */ ((value, path) => (value === null ? null : check(value, path)));

/** @param {Check} check */
export const optional = (check) => /** @type {Check} */ ((value, path) => (value === undefined || value === null ? null : check(value, path)));

/** @param {Check} item */
export const arrayOf = (item) =>
  /** @type {Check} */ ((value, path) => {
    if (!Array.isArray(value)) return `${path} is not a list`;
    for (const [index, entry] of value.entries()) {
      const problem = item(entry, `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  });

/** @param {Record<string, Check>} fields the fields the CLI reads; others are let through */
export const object = (fields) =>
  /** @type {Check} */ ((value, path) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return `${path} is not an object`;
    for (const [name, check] of Object.entries(fields)) {
      const problem = check(value[name], `${path}.${name}`);
      if (problem) return problem;
    }
    return null;
  });

/** @param {...Check} checks every one must hold, the first failure is named */
export const all = (...checks) => /** @type {Check} */ ((value, path) => checks.reduce((/** @type {string | null} */ problem, check) => problem ?? check(value, path), null));

/** @param {...Check} checks one must hold; the last failure is named */
export const either = (...checks) =>
  /** @type {Check} */ ((value, path) => {
    let problem = null;
    for (const check of checks) if (!(problem = check(value, path))) return null;
    return problem;
  });
