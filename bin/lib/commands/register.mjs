// @ts-check
import { EXIT } from '../exit.mjs';
import { fileBlob, regularFile, sha256OfFile, uploadTimeoutMs } from '../files.mjs';
import { formatBytes } from '../io.mjs';
import { arrayOf, equals, number, object, string } from '../shape.mjs';

/** @param {string} sha256 */
const uploadShape = (sha256) => object({ sha256: equals(sha256), size: number, format: string, scan: object({ status: string, findings: arrayOf(object({ severity: string, message: string })) }) });

/**
 * `provenant register`: hashes the file here, uploads it with that digest (the server refuses bytes that hash
 * otherwise, so a corrupted upload never becomes a version), registers the version and shows the server's scan.
 * @param {import('../client.mjs').Client} client
 * @param {Record<string, any>} options
 * @param {import('../io.mjs').Io} io
 */
export async function register(client, options, io) {
  const file = regularFile(options.file, 'register');
  const sha256 = await sha256OfFile(file.path);
  const form = new FormData();
  form.append('sha256', sha256);
  form.append('file', await fileBlob(file.path), file.name);
  const upload = (await client.request('POST', '/artifacts', { form, scope: 'register', timeoutMs: uploadTimeoutMs(file.size), shape: uploadShape(sha256) })).body;
  const created = await client.request('POST', '/model-versions', {
    json: { modelId: options.model, version: options.version, artifactSha256: sha256, artifactSize: file.size, format: options.format, license: options.license, uri: options.uri },
    scope: 'register',
    shape: object({ id: string, version: string, artifactSha256: equals(sha256) }),
  });
  const version = created.body;
  /** @type {{ status: string, findings: { severity: string, message: string }[] }} */
  const scan = upload.scan;
  io.result({ artifact: upload, version }, () => [
    `${created.status === 201 ? 'Registered' : 'Already registered'}: version ${version.version} (${version.id})`,
    `Artifact ${sha256}, ${formatBytes(upload.size)}, ${upload.format}`,
    `Scan: ${scan.status}`,
    ...scan.findings.map((f) => `  ${f.severity}: ${f.message}`),
  ]);
  if (scan.status === 'unsafe') {
    io.err('The scan found the artifact unsafe: it runs code when loaded. The version is recorded, and no gate will pass it.');
    return EXIT.no;
  }
  if (scan.status === 'unknown') io.err('Warning: the server could not scan this format; an unscanned artifact is not a clean one, and gates refuse it unless the policy allows unscanned artifacts.');
  return EXIT.ok;
}
