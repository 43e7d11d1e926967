import { systemCardExportJsonSchema } from '@/lib/cards/system-card-export';
import { apiRoute } from '@/lib/http/api-route';

/** The JSON Schema of the system AI Card's JSON export, generated from its zod schema. */
export const GET = apiRoute({}, () => systemCardExportJsonSchema());
