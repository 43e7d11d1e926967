/**
 * Turns a form into the JSON its zod schema expects: checkboxes become booleans (or arrays when marked data-array), so do
 * radios marked data-boolean ("true" or "false"),
 * multiple selects become arrays, empty number/date/select fields (DateField's text input too) become null, dotted names nest
 * ("riskAnswers.employment" into an object, "metrics.0.name" into an array).
 */
export function readForm(form: HTMLFormElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (name: string, value: unknown) => {
    const parts = name.split('.');
    let target = out;
    parts.slice(0, -1).forEach((part, i) => {
      target = (target[part] ??= /^\d+$/.test(parts[i + 1]!) ? [] : {}) as Record<string, unknown>;
    });
    target[parts.at(-1)!] = value;
  };
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
    if (!element.name || element.disabled) continue;
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      if (element.dataset.array !== undefined) {
        const list = (out[element.name] as string[] | undefined) ?? [];
        if (element.checked) list.push(element.value);
        out[element.name] = list;
      } else set(element.name, element.checked);
      continue;
    }
    if (element instanceof HTMLInputElement && element.type === 'radio') {
      if (element.checked) set(element.name, element.dataset.boolean !== undefined ? element.value === 'true' : element.value);
      continue;
    }
    if (element instanceof HTMLSelectElement && element.multiple) {
      set(element.name, Array.from(element.selectedOptions).map((o) => o.value));
      continue;
    }
    const value = element.value;
    if (element instanceof HTMLInputElement && element.type === 'number') set(element.name, value === '' ? null : Number(value));
    else if ((element instanceof HTMLInputElement && (element.type === 'date' || element.dataset.date !== undefined)) || element instanceof HTMLSelectElement) set(element.name, value === '' ? null : value);
    else set(element.name, value);
  }
  return out;
}
