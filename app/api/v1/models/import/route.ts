import { apiRoute } from '@/lib/http/api-route';
import { BULK_JSON_BODY_LIMIT } from '@/lib/http/read-json-body';
import { importCycloneDxBom } from '@/lib/inventory/import-cyclonedx-bom';
import { ZImportCycloneDxBomInput } from '@/lib/inventory/schemas';

/** A vendor's CycloneDX ML-BOM registers its model as a third-party system, model, version and datasets. */
export const POST = apiRoute({ permission: 'model.register', body: ZImportCycloneDxBomInput, status: 201, maxBodyBytes: BULK_JSON_BODY_LIMIT }, async ({ actor, body }) => await importCycloneDxBom(actor, body));
