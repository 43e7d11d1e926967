import { downloadArtifact } from '@/lib/artifacts/download-artifact';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({}, ({ actor, params }) => downloadArtifact(actor, params.sha256!));
