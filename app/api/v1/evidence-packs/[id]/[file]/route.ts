import { apiRoute } from '@/lib/http/api-route';
import { NotFound } from '@/lib/errors';
import { downloadEvidencePack } from '@/lib/packs/download-evidence-pack';
import { PACK_FILES, type PackFile } from '@/lib/packs/schemas';

/** GET .../{id}/pdf or .../{id}/zip: the finished pack's files, as attachments. */
export const GET = apiRoute({}, ({ actor, params }) => {
  if (!PACK_FILES.includes(params.file as PackFile)) throw new NotFound('Evidence pack file');
  return downloadEvidencePack(actor, params.id!, params.file as PackFile);
});
