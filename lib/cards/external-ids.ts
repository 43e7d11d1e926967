/**
 * How facts of a card are named outside Provenant: Hugging Face license ids (the Hub's fixed list), their SPDX ids
 * where one exists, and Hub ids of external models. Shared by the Markdown and CycloneDX exports.
 */

// [Hugging Face license id, SPDX id or null]. The Hub accepts only these ids, plus `other` with a `license_name`.
const HF_LICENSES: [string, string | null][] = [
  ['apache-2.0', 'Apache-2.0'], ['mit', 'MIT'], ['openrail', null], ['openrail++', null], ['bigscience-openrail-m', null],
  ['creativeml-openrail-m', null], ['bigscience-bloom-rail-1.0', null], ['bigcode-openrail-m', null], ['afl-3.0', 'AFL-3.0'],
  ['artistic-2.0', 'Artistic-2.0'], ['bsl-1.0', 'BSL-1.0'], ['bsd', null], ['bsd-2-clause', 'BSD-2-Clause'], ['bsd-3-clause', 'BSD-3-Clause'],
  ['bsd-3-clause-clear', 'BSD-3-Clause-Clear'], ['c-uda', null], ['cc', null], ['cc0-1.0', 'CC0-1.0'], ['cc-by-2.0', 'CC-BY-2.0'],
  ['cc-by-2.5', 'CC-BY-2.5'], ['cc-by-3.0', 'CC-BY-3.0'], ['cc-by-4.0', 'CC-BY-4.0'], ['cc-by-sa-3.0', 'CC-BY-SA-3.0'],
  ['cc-by-sa-4.0', 'CC-BY-SA-4.0'], ['cc-by-nc-2.0', 'CC-BY-NC-2.0'], ['cc-by-nc-3.0', 'CC-BY-NC-3.0'], ['cc-by-nc-4.0', 'CC-BY-NC-4.0'],
  ['cc-by-nd-4.0', 'CC-BY-ND-4.0'], ['cc-by-nc-nd-3.0', 'CC-BY-NC-ND-3.0'], ['cc-by-nc-nd-4.0', 'CC-BY-NC-ND-4.0'],
  ['cc-by-nc-sa-2.0', 'CC-BY-NC-SA-2.0'], ['cc-by-nc-sa-3.0', 'CC-BY-NC-SA-3.0'], ['cc-by-nc-sa-4.0', 'CC-BY-NC-SA-4.0'],
  ['cdla-sharing-1.0', 'CDLA-Sharing-1.0'], ['cdla-permissive-1.0', 'CDLA-Permissive-1.0'], ['cdla-permissive-2.0', 'CDLA-Permissive-2.0'],
  ['wtfpl', 'WTFPL'], ['ecl-2.0', 'ECL-2.0'], ['epl-1.0', 'EPL-1.0'], ['epl-2.0', 'EPL-2.0'], ['etalab-2.0', 'etalab-2.0'],
  ['eupl-1.1', 'EUPL-1.1'], ['eupl-1.2', 'EUPL-1.2'], ['agpl-3.0', 'AGPL-3.0-only'], ['gfdl', null], ['gpl', null],
  ['gpl-2.0', 'GPL-2.0-only'], ['gpl-3.0', 'GPL-3.0-only'], ['lgpl', null], ['lgpl-2.1', 'LGPL-2.1-only'], ['lgpl-3.0', 'LGPL-3.0-only'],
  ['isc', 'ISC'], ['h-research', null], ['intel-research', null], ['lppl-1.3c', 'LPPL-1.3c'], ['ms-pl', 'MS-PL'], ['apple-ascl', null],
  ['apple-amlr', null], ['mpl-2.0', 'MPL-2.0'], ['odc-by', 'ODC-By-1.0'], ['odbl', 'ODbL-1.0'], ['openmdw-1.0', 'OpenMDW-1.0'],
  ['openmdw-1.1', null], ['osl-3.0', 'OSL-3.0'], ['postgresql', 'PostgreSQL'], ['ofl-1.1', 'OFL-1.1'], ['ncsa', 'NCSA'],
  ['unlicense', 'Unlicense'], ['zlib', 'Zlib'], ['pddl', 'PDDL-1.0'], ['lgpl-lr', null], ['deepfloyd-if-license', null],
  ['fair-noncommercial-research-license', null], ['llama2', null], ['llama3', null], ['llama3.1', null], ['llama3.2', null],
  ['llama3.3', null], ['llama4', null], ['grok2-community', null], ['gemma', null],
];

/** The SPDX ids of the table, for tests that check them against the official SPDX list. */
export const KNOWN_SPDX_IDS = HF_LICENSES.flatMap(([, spdx]) => (spdx ? [spdx] : []));

/** "GPL-3.0-only", "gpl-3.0" and "GPL-3.0" name one license; "Apache-2.0" and "apache-2.0" too. */
function findLicense(license: string) {
  const key = license.trim().toLowerCase().replace(/-only$/, '');
  return HF_LICENSES.find(([hf, spdx]) => hf === key || spdx?.toLowerCase().replace(/-only$/, '') === key);
}

export type LicenseIds = { huggingFace: string; huggingFaceName: string | null; spdxId: string | null; spdxExpression: string | null; name: string | null };

/**
 * One recorded license as each format wants it: the Hub's id (or `other` with the name), an SPDX id when the Hub id
 * has one, an SPDX expression when the text is one (`MIT OR Apache-2.0`, `LicenseRef-...`), else the name as written.
 */
export function resolveLicense(license: string): LicenseIds | null {
  const text = license.trim();
  if (!text) return null;
  const known = findLicense(text);
  if (known) return { huggingFace: known[0], huggingFaceName: null, spdxId: known[1], spdxExpression: null, name: known[1] ? null : text };
  const expression = /\s(AND|OR|WITH)\s/.test(text) || /^(\(|LicenseRef-)/.test(text) ? text : null;
  const slug = text.toLowerCase().replace(/[^a-z0-9.+]+/g, '-').replace(/^-+|-+$/g, '');
  return { huggingFace: 'other', huggingFaceName: slug || 'other', spdxId: null, spdxExpression: expression, name: expression ? null : text };
}

const HUB_PREFIX = /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/(?!datasets\/|spaces\/)([\w.-]+\/[\w.-]+)\/?$/i;

/** `huggingface.co/microsoft/deberta-v3-base` -> `microsoft/deberta-v3-base`; null for sources outside the Hub. */
export function huggingFaceModelId(externalSource: string | null): string | null {
  if (!externalSource) return null;
  return HUB_PREFIX.exec(externalSource.trim())?.[1] ?? null;
}

/** CycloneDX 1.6 `modelParameters.approach.type` (the schema's closed list). */
export const CYCLONEDX_APPROACHES = ['supervised', 'unsupervised', 'reinforcement-learning', 'semi-supervised', 'self-supervised'] as const;
export type CycloneDxApproach = (typeof CYCLONEDX_APPROACHES)[number];

/**
 * The Hub's pipeline tags (task ids), as huggingface.js packages/tasks/src/pipelines.ts lists them; a test compares
 * this list with that file. `other` is the Hub's own id for a task outside the list.
 */
export const HUB_TASK_IDS = [
  'text-classification', 'token-classification', 'table-question-answering', 'question-answering', 'zero-shot-classification', 'translation',
  'summarization', 'feature-extraction', 'text-generation', 'fill-mask', 'sentence-similarity', 'text-to-speech', 'text-to-audio',
  'automatic-speech-recognition', 'audio-to-audio', 'audio-classification', 'audio-text-to-text', 'voice-activity-detection', 'depth-estimation',
  'image-classification', 'object-detection', 'image-segmentation', 'text-to-image', 'image-to-text', 'image-to-image', 'image-to-video',
  'unconditional-image-generation', 'video-classification', 'reinforcement-learning', 'robotics', 'tabular-classification', 'tabular-regression',
  'tabular-to-text', 'table-to-text', 'multiple-choice', 'text-ranking', 'text-retrieval', 'time-series-forecasting', 'text-to-video',
  'image-text-to-text', 'image-text-to-image', 'image-text-to-video', 'visual-question-answering', 'document-question-answering',
  'zero-shot-image-classification', 'graph-ml', 'mask-generation', 'zero-shot-object-detection', 'text-to-3d', 'image-to-3d',
  'image-feature-extraction', 'video-text-to-text', 'keypoint-detection', 'visual-document-retrieval', 'any-to-any', 'video-to-video', 'other',
] as const;
const HUB_TASKS = new Set<string>(HUB_TASK_IDS);

/** "Text classification", "text_classification" and "text-classification" name one Hub task. */
const asHubId = (text: string) => text.trim().toLowerCase().replace(/[\s_]+/g, '-');

/**
 * The Hub task id of a model: its pipeline tag when that is a Hub id, else its task when the task is written as one
 * ("Tabular classification"), else null: a task the Hub does not list is never given an invented id.
 */
export function hubTaskId(model: { task: string; pipelineTag?: string | null }): string | null {
  for (const candidate of [model.pipelineTag, model.task]) {
    const id = candidate ? asHubId(candidate) : '';
    if (HUB_TASKS.has(id)) return id;
  }
  return null;
}
