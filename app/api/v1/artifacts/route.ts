import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import { apiRoute } from '@/lib/http/api-route';

/** Multipart upload, streamed: 201 with { sha256, size, format, scan } (200 when the bytes were already stored). */
export const POST = apiRoute({ permission: 'artifact.upload', status: 201 }, ({ actor, request }) => uploadArtifact(actor, request));
