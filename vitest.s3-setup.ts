import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { TestProject } from 'vitest/node';

/** The bucket the S3 tests use; each test file keeps to its own prefix. */
export const S3_TEST_BUCKET = 'provenant-test';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    s3Directory: string;
  }
}

/** A real S3-compatible server (s3rver) on 127.0.0.1 and a random port, with the test bucket, for the whole run. */
export default async function setup(project: TestProject) {
  // The SDK's notice that its 2027 releases will need Node 22 would otherwise repeat in every test file's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: S3_TEST_BUCKET, configs: [] }] });
  const { address, port } = await server.run();
  project.provide('s3Endpoint', `http://${address}:${port}`);
  project.provide('s3Directory', directory);
  return async () => {
    await server.close();
    fs.rmSync(directory, { recursive: true, force: true });
  };
}
