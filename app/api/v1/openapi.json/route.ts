import { apiRoute } from '@/lib/http/api-route';
import { openApiDocument } from '@/lib/http/openapi';

/** The OpenAPI 3.1 description of this API, generated from the zod schemas. */
export const GET = apiRoute({}, () => openApiDocument());
