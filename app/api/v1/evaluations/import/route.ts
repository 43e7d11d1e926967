import { importModelIndex } from '@/lib/evidence/import-model-index';
import { ZImportModelIndexInput } from '@/lib/evidence/schemas';
import { apiRoute } from '@/lib/http/api-route';
import { BULK_JSON_BODY_LIMIT } from '@/lib/http/read-json-body';

/** Hugging Face model-index results (a model card, YAML or JSON) as performance evidence. */
export const POST = apiRoute({ permission: 'evidence.record', body: ZImportModelIndexInput, status: 201, maxBodyBytes: BULK_JSON_BODY_LIMIT }, async ({ actor, body }) => await importModelIndex(actor, body));
