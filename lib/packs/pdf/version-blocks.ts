import { VERIFICATION_WORDS } from '@/lib/cards/card-facts';
import type { RiskTier } from '@/db/schema';
import { integrityCheckName } from '@/lib/integrity/kind-labels';
import { policyName } from '@/lib/promotion/policy-changes';
import { policyFacts } from '@/lib/promotion/policy-facts';
import { plural } from '@/lib/words';
import { formatBytes } from '@/lib/format/bytes';
import { heading, paragraph, table, type FlowBlock } from '@/lib/pdf/flow';
import { theme } from '@/lib/pdf/theme';
import type { PackData } from '../collect-pack-data';
import { evidenceBlocks, promotionBlocks } from './version-record-blocks';
import { label, personLabel, utc, versionTitle, yesNo, type VersionInfo } from './format';

type Field = { field: string; value: string | null | undefined; digest?: boolean };

const fieldColumns = [
  { title: 'Field', weight: 1.3, cell: (row: Field) => row.field },
  { title: 'Value', weight: 4.7, cell: (row: Field) => row.value, kindOf: (row: Field) => (row.digest ? ('digest' as const) : ('text' as const)) },
];

function versionFields(version: VersionInfo, person: (id: string | null) => string): Field[] {
  const scan = version.scanFindings.length ? `${version.scanStatus}: ${version.scanFindings.map((f) => `${f.severity} ${f.code}`).join('; ')}` : version.scanStatus;
  return [
    { field: 'Version id', value: version.id },
    { field: 'Stage', value: `${label(version.stage)}${version.stageChangedAt ? ` since ${utc(version.stageChangedAt)} UTC` : ''}` },
    { field: 'Artifact SHA-256', value: version.artifactSha256, digest: true },
    { field: 'Format and size', value: `${version.format}, ${formatBytes(version.artifactSize)}` },
    { field: 'Artifact URI', value: version.uri },
    { field: 'License', value: version.license },
    ...(version.externalSource ? [{ field: 'External source', value: `${version.externalSource} @ ${version.externalRevision ?? '—'}` }] : []),
    { field: 'Safety scan', value: scan },
    { field: 'Registered', value: `${utc(version.createdAt)} UTC by ${person(version.registeredById)}` },
    { field: 'Stored bytes verified', value: version.integrityVerifiedAt ? `${utc(version.integrityVerifiedAt)} UTC: ${VERIFICATION_WORDS[version.integrityOk ? 'matched' : 'mismatched']}` : VERIFICATION_WORDS.never },
  ];
}

function lineageBlocks(data: PackData, version: VersionInfo): FlowBlock[] {
  const node = `model_version:${version.id}`;
  const runIds = new Set(data.lineage.edges.filter((e) => e.toNode === node && e.relation === 'output').map((e) => e.fromNode.slice(4)));
  const runs = data.lineage.runs.filter((run) => runIds.has(run.id));
  if (runs.length === 0) return [];
  const datasetsById = new Map(data.lineage.datasetVersions.map((d) => [d.id, d]));
  const versionsById = new Map(data.versions.map((v) => [v.id, v]));
  const inputsOf = (runId: string) =>
    data.lineage.edges
      .filter((e) => e.toNode === `run:${runId}`)
      .map((e) => {
        const [kind, id] = [e.fromNode.slice(0, e.fromNode.indexOf(':')), e.fromNode.slice(e.fromNode.indexOf(':') + 1)];
        if (kind === 'dataset_version') {
          const d = datasetsById.get(id);
          return d ? `dataset ${d.namespace}/${d.name} ${d.version}${d.sha256 ? ` sha256:${d.sha256.slice(0, 16)}…` : ''}` : `dataset version ${id}`;
        }
        const base = versionsById.get(id);
        return `base model ${base ? `${base.modelName} ${base.version}` : id}`;
      })
      .join('\n');
  return [
    heading(2, 'Lineage'),
    table(`Lineage of ${versionTitle(version)}`, [
      { title: 'Run', weight: 1.6, kind: 'mono', cell: (run: (typeof runs)[number]) => run.externalRunId },
      { title: 'Job', weight: 1.5, cell: (run) => `${run.jobNamespace}/${run.jobName}` },
      { title: 'Code', weight: 1.6, kind: 'mono', cell: (run) => (run.codeRepository ? `${run.codeRepository}@${run.codeCommit ?? '?'}` : null) },
      { title: 'Ran (UTC)', weight: 1.2, kind: 'mono', cell: (run) => (run.startedAt || run.endedAt ? `${utc(run.startedAt)}\nto ${utc(run.endedAt)}` : null) },
      { title: 'Inputs', weight: 2.6, cell: (run) => inputsOf(run.id) || 'None recorded' },
    ], runs),
  ];
}

function operationsBlocks(data: PackData, version: VersionInfo): FlowBlock[] {
  const deployed = data.deployments.filter((d) => d.modelVersionId === version.id);
  const subjects = new Set([version.id, ...deployed.map((d) => d.id)]);
  const checks = data.integrityChecks.filter((check) => subjects.has(check.subjectId));
  const blocks: FlowBlock[] = [];
  if (deployed.length) {
    blocks.push(heading(2, 'Deployments'), table(`Deployments of ${versionTitle(version)}`, [
      { title: 'Environment', weight: 1.25, cell: (d: (typeof deployed)[number]) => label(d.environment) },
      { title: 'Endpoint', weight: 2, kind: 'mono', cell: (d) => d.endpoint },
      { title: 'Reported (UTC)', weight: 1.3, kind: 'mono', cell: (d) => utc(d.reportedAt) },
      { title: 'Running digest', weight: 2.8, kind: 'digest', cell: (d) => d.reportedSha256 },
      { title: 'Matches', weight: 0.8, cell: (d) => yesNo(d.reportedSha256 === version.artifactSha256), color: (d) => (d.reportedSha256 === version.artifactSha256 ? theme.color.ok : theme.color.bad) },
    ], deployed));
  }
  if (checks.length) {
    blocks.push(heading(2, 'Integrity checks'), table(`Integrity checks of ${versionTitle(version)}`, [
      { title: 'Checked (UTC)', weight: 1.3, kind: 'mono', cell: (c: (typeof checks)[number]) => utc(c.createdAt) },
      { title: 'Check', weight: 1.4, cell: (c) => `${label(c.subjectType)}: ${integrityCheckName(c.kind)}` },
      { title: 'Result', weight: 0.8, cell: (c) => (c.ok ? 'OK' : 'FAILED'), color: (c) => (c.ok ? theme.color.ok : theme.color.bad) },
      { title: 'Expected SHA-256', weight: 2.1, kind: 'digest', cell: (c) => c.expectedSha256 },
      { title: 'Actual SHA-256', weight: 2.1, kind: 'digest', cell: (c) => c.actualSha256 },
      { title: 'Message', weight: 1.5, cell: (c) => c.message },
    ], checks));
  }
  return blocks;
}

/**
 * Section 2: per version (2.1, 2.2, …), its identity, lineage, evidence, promotions with every signature, deployments
 * and checks; then, as its last part, the policies those promotions were gated under.
 */
export function versionBlocks(data: PackData): FlowBlock[] {
  const person = personLabel(data.people);
  const blocks: FlowBlock[] = [heading(1, '2. Model versions', { anchor: 'versions', toc: '2. Model versions' })];
  if (data.versions.length === 0) blocks.push(paragraph('No model version is in scope.', true));
  data.versions.forEach((version, index) => {
    const title = `2.${index + 1} ${versionTitle(version)}`;
    const sections: [string, FlowBlock[]][] = [
      ['lineage', lineageBlocks(data, version)],
      ['evidence', evidenceBlocks(data, version)],
      ['promotion requests', promotionBlocks(data, version)],
      ['deployments and integrity checks', operationsBlocks(data, version)],
    ];
    const empty = sections.filter(([, found]) => found.length === 0).map(([name]) => name);
    blocks.push(
      heading(1, title, { anchor: `v-${version.id}`, toc: title }),
      table(`${versionTitle(version)}`, fieldColumns, versionFields(version, person)),
      ...sections.flatMap(([, found]) => found),
    );
    if (empty.length) blocks.push(paragraph(`Nothing recorded in the period for: ${empty.join(', ')}.`, true));
  });
  return [...blocks, ...policyBlocks(data, data.versions.length + 1)];
}

/**
 * The policy versions the pack's requests were gated under, each rule in words: what a "Gate: Passed" was judged
 * against. A part of section 2 (numbered after its versions, listed under it in the contents): the promotions it
 * explains are printed there.
 */
function policyBlocks(data: PackData, number: number): FlowBlock[] {
  if (data.policies.length === 0) return [];
  const title = `2.${number} Promotion policies the gates were judged against`;
  return [
    heading(1, title, { anchor: 'policies', toc: title }),
    paragraph(`Each request keeps the policy version in force when it was opened; records/policies.json holds them as stored. ${plural(data.policies.length, 'policy version')}.`),
    ...data.policies.flatMap((policy) => [
      heading(2, `${policyName(policy)}, version ${policy.version} (from ${utc(policy.createdAt).slice(0, 10)})`),
      table(`${policyName(policy)} v${policy.version}`, [
        { title: 'Rule', weight: 1.4, cell: (row: [string, string]) => row[0] },
        { title: 'What it asks', weight: 4.6, cell: (row) => row[1] },
      ], policyFacts(policy.riskTier as Exclude<RiskTier, 'prohibited'>, policy.targetStage, policy.rules)),
    ]),
  ];
}
