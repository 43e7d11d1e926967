import { spawn } from 'node:child_process';

/**
 * A multipart POST as a pipeline sends it (curl streams the file from disk; no `Expect: 100-continue` round trip):
 * `fields` are curl `-F` arguments. Answers the HTTP status and the body text.
 */
export function curlUpload(url: string, token: string, fields: string[]): Promise<{ status: string; body: string }> {
  const args = ['-sS', '-o', '-', '-w', '\n%{http_code}', '-H', 'Expect:', '-H', `authorization: Bearer ${token}`, ...fields.flatMap((f) => ['-F', f]), url];
  return new Promise((resolve, reject) => {
    const curl = spawn('curl', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    curl.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    curl.on('error', reject);
    curl.on('close', (code) => (code === 0 ? resolve({ body: text.slice(0, text.lastIndexOf('\n')), status: text.slice(text.lastIndexOf('\n') + 1) }) : reject(new Error(`curl exited with ${code}`))));
  });
}
