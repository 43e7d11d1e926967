import 'server-only';

export type S3BlobStoreConfig = { kind: 's3'; bucket: string; prefix: string; endpoint: string | null; forcePathStyle: boolean; region: string | null };
export type BlobStoreConfig = { kind: 'local' } | S3BlobStoreConfig;

// S3's own bucket naming rules (3-63 characters, lowercase letters, digits, dots and hyphens, letter or digit at the ends).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SEGMENT = /^[A-Za-z0-9!_.*'()-]+$/;

export class BlobStoreConfigError extends Error {}

const refuse = (message: string): never => {
  throw new BlobStoreConfigError(message);
};

/** The key prefix under the bucket: plain segments only, so no key can climb out of it or collide with another's. */
function parsePrefix(raw: string): string {
  const segments = raw.split('/').filter((segment, i, all) => !(segment === '' && (i === 0 || i === all.length - 1)));
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') refuse(`BLOB_STORE: the prefix "${raw}" has an empty, "." or ".." segment.`);
    if (!SEGMENT.test(segment)) refuse(`BLOB_STORE: the prefix segment "${segment}" may hold only letters, digits and !_.*'()- characters.`);
  }
  return segments.join('/');
}

function parseS3(value: string, env: Record<string, string | undefined>): S3BlobStoreConfig {
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (!bucket) refuse('BLOB_STORE: s3:// needs a bucket, as in s3://my-bucket/provenant.');
  if (!BUCKET.test(bucket) || bucket.includes('..')) refuse(`BLOB_STORE: "${bucket}" is not a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens).`);
  const endpoint = env.S3_ENDPOINT?.trim() || null;
  if (endpoint) {
    let url: URL | null = null;
    try {
      url = new URL(endpoint);
    } catch {
      refuse(`S3_ENDPOINT: "${endpoint}" is not a URL (expected e.g. http://127.0.0.1:9000).`);
    }
    if (url!.protocol !== 'http:' && url!.protocol !== 'https:') refuse(`S3_ENDPOINT: "${endpoint}" must be an http:// or https:// URL.`);
  }
  const pathStyle = env.S3_FORCE_PATH_STYLE?.trim().toLowerCase();
  if (pathStyle && pathStyle !== 'true' && pathStyle !== 'false') refuse(`S3_FORCE_PATH_STYLE: "${env.S3_FORCE_PATH_STYLE}" must be true or false.`);
  // An S3-compatible store (MinIO and the like) usually ignores the region, but the SDK refuses to sign without one.
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || (endpoint ? 'us-east-1' : null);
  return { kind: 's3', bucket, prefix: parsePrefix(slash === -1 ? '' : rest.slice(slash + 1)), endpoint, forcePathStyle: pathStyle ? pathStyle === 'true' : !!endpoint, region };
}

/** Reads BLOB_STORE (unset: the local store under DATA_DIR); anything it cannot use is refused with the reason. */
export function readBlobStoreConfig(env: Record<string, string | undefined> = process.env): BlobStoreConfig {
  const value = env.BLOB_STORE?.trim();
  if (!value) return { kind: 'local' };
  if (value.startsWith('s3://')) return parseS3(value, env);
  return refuse(`BLOB_STORE: "${value}" is not understood; use s3://bucket/prefix for an S3-compatible store, or leave it unset for the local store under DATA_DIR.`);
}
