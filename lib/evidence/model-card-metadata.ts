import { HUB_TASK_IDS } from '@/lib/cards/external-ids';

/** The model facts a Hugging Face card's front matter states beside its model-index. */
export type ModelCardMetadata = { libraryName?: string; pipelineTag?: (typeof HUB_TASK_IDS)[number]; languages?: string[] };

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `library_name`, `pipeline_tag` (kept only when the Hub lists it) and `language` (a code or a list of codes, as the Hub
 * accepts both), read from a parsed card; what is absent or malformed is left out, never guessed.
 */
export function readModelCardMetadata(document: unknown): ModelCardMetadata {
  if (!isRecord(document)) return {};
  const library = typeof document.library_name === 'string' ? document.library_name.trim().slice(0, 100) : '';
  const tag = typeof document.pipeline_tag === 'string' ? document.pipeline_tag.trim() : '';
  const raw = typeof document.language === 'string' ? [document.language] : Array.isArray(document.language) ? document.language : [];
  const languages = [...new Set(raw.filter((l): l is string => typeof l === 'string').map((l) => l.trim()).filter((l) => LANGUAGE.test(l)))].slice(0, 200);
  return {
    ...(library ? { libraryName: library } : {}),
    ...((HUB_TASK_IDS as readonly string[]).includes(tag) ? { pipelineTag: tag as ModelCardMetadata['pipelineTag'] } : {}),
    ...(languages.length ? { languages } : {}),
  };
}
