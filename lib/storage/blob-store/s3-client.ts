import 'server-only';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3BlobStoreConfig } from './blob-store-config';

/**
 * Recent SDKs send flexible checksums in aws-chunked trailers by default, which several S3-compatible servers store
 * verbatim or refuse; checksums only where an operation requires them keeps the stored bytes the bytes we sent.
 * Credentials come from the SDK's default chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ...).
 */
export function createS3Client(config: S3BlobStoreConfig) {
  return new S3Client({
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.region ? { region: config.region } : {}),
    forcePathStyle: config.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
