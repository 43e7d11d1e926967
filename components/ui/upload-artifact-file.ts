import type { UploadedArtifact } from '@/lib/artifacts/upload-artifact';

/** Sends one file to the blob store (XHR for upload progress); resolves with the stored digest and scan. */
export function uploadArtifactFile(file: File, onProgress: (fraction: number) => void): Promise<UploadedArtifact> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/artifacts');
    request.upload.onprogress = (e) => onProgress(e.lengthComputable ? e.loaded / e.total : 0);
    request.onerror = () => reject(new Error('The upload was interrupted.'));
    request.onload = () => {
      const body = JSON.parse(request.responseText || '{}');
      if (request.status >= 300) reject(new Error(body.error?.message ?? `Upload failed (HTTP ${request.status}).`));
      else resolve(body as UploadedArtifact);
    };
    const data = new FormData();
    data.append('file', file);
    request.send(data);
  });
}
