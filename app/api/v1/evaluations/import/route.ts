import { importModelIndex } from '@/lib/evidence/import-model-index';
import { ZImportModelIndexInput } from '@/lib/evidence/schemas';
import { apiRoute } from '@/lib/http/api-route';

/** Hugging Face model-index results (a model card, YAML or JSON) as performance evidence. */
export const POST = apiRoute({ body: ZImportModelIndexInput, status: 201 }, ({ actor, body }) => importModelIndex(actor, body));
