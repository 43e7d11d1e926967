import { cardExportJsonSchema } from '@/lib/cards/card-export';
import { apiRoute } from '@/lib/http/api-route';

/** The JSON Schema of the AI Card JSON export, generated from the zod schema that also parses snapshots. */
export const GET = apiRoute({}, () => cardExportJsonSchema());
