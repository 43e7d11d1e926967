import { z } from 'zod';
import { csvAttachment } from '@/lib/exports/csv-response';
import { can } from '@/lib/auth/permissions';
import { apiRoute } from '@/lib/http/api-route';
import { readBodyBytes } from '@/lib/http/read-json-body';
import { checkRegister, importRegister } from '@/lib/inventory/import-register';
import { assertRegisterContentType } from '@/lib/inventory/parse-register-csv';
import { REGISTER_LIMITS, registerTemplateCsv } from '@/lib/inventory/register-columns';
import { OWNER_PERMISSION } from '@/lib/inventory/system-owner';
import { peopleWhoMay } from '@/lib/users/people-who-may';

const ZImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

/** The register template: its header row and one example row, owned by the caller when they may own systems. */
export const GET = apiRoute({ permission: 'system.create' }, async ({ actor }) => {
  const owner = can(actor, OWNER_PERMISSION) ? actor.email : (await peopleWhoMay(OWNER_PERMISSION))[0]?.email;
  return csvAttachment('register-template', new Blob([registerTemplateCsv(owner ?? 'owner@example.com')]).stream());
});

/** A register as CSV (the file's bytes as the body): `?dryRun=true` checks it and answers the plan; otherwise imports it whole. */
export const POST = apiRoute({ permission: 'system.create', query: ZImportQuery }, async ({ actor, query, request }) => {
  assertRegisterContentType(request.headers.get('content-type'));
  const bytes = await readBodyBytes(request, REGISTER_LIMITS.bytes);
  if (query.dryRun === 'true') return await checkRegister(actor, bytes);
  return Response.json(await importRegister(actor, bytes), { status: 201 });
});
