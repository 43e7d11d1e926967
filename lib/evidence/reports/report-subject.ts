import { arrayAt, isObject, objectAt, optionalString, sha256At, type JsonObject } from './report-input';

/** CycloneDX: the SHA-256 hashes of `metadata.component`, the thing the BOM (and its vulnerabilities) describe. */
export function cycloneDxSubject(root: JsonObject): string[] {
  if (!isObject(root.metadata) || root.metadata.component === undefined || root.metadata.component === null) return [];
  const component = objectAt(root.metadata.component, 'metadata.component');
  return arrayAt(component.hashes, 'metadata.component.hashes', 100).flatMap((value, i) => {
    const hash = objectAt(value, `metadata.component.hashes.${i}`);
    return optionalString(hash.alg, `metadata.component.hashes.${i}.alg`) === 'SHA-256' ? [sha256At(hash.content, `metadata.component.hashes.${i}.content`)] : [];
  });
}

/**
 * SARIF: a run's artifacts are mostly source files, so only a run with exactly one artifact whose `roles` hold
 * `analysisTarget` names its subject, by that artifact's `hashes["sha-256"]`.
 */
export function sarifRunSubject(run: JsonObject, at: string): string[] {
  const targets = arrayAt(run.artifacts, `${at}.artifacts`, 1_000_000)
    .map((value, i) => ({ artifact: objectAt(value, `${at}.artifacts.${i}`), path: `${at}.artifacts.${i}` }))
    .filter(({ artifact, path }) => arrayAt(artifact.roles, `${path}.roles`, 100).includes('analysisTarget'));
  if (targets.length !== 1) return [];
  const { artifact, path } = targets[0]!;
  if (artifact.hashes === undefined || artifact.hashes === null) return [];
  const hash = objectAt(artifact.hashes, `${path}.hashes`)['sha-256'];
  return hash === undefined || hash === null ? [] : [sha256At(hash, `${path}.hashes.sha-256`)];
}
