import { createHash } from 'node:crypto';
import packageJson from '@/package.json';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import { hubTaskId, huggingFaceModelId, resolveLicense } from './external-ids';
import type { CardView } from './load-card';
import { metricOrigins, type MetricOrigin } from './metric-origin';

type Content = CardView['content'];
type Metric = Content['evaluations'][number]['metrics'][number];
type OriginOf = ((m: Metric) => MetricOrigin) | null;
type Property = { name: string; value: string };

const ref = {
  system: (id: string) => `ai-system/${id}`,
  model: (id: string) => `model-version/${id}`,
  dataset: (id: string) => `dataset-version/${id}`,
};
const sha256Hash = (content: string) => [{ alg: 'SHA-256', content }];
const props = (entries: [string, string | number | boolean | null | undefined][]): Property[] =>
  entries.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([name, value]) => ({ name: `provenant:${name}`, value: String(value) }));

/**
 * RFC 9562 version 8 (custom) UUID from the card digest and which rendering this is, so one card exported twice
 * has one serial number while the current card and a snapshot of the same digest do not share one.
 */
function serialNumber(view: CardView): string {
  const hex = createHash('sha256').update(`provenant.ai-card.cyclonedx\0${view.sha256}\0${view.request?.id ?? view.source}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An SPDX id when the license has one, an SPDX expression when it is one, else the license by its name. */
function licenses(license: string) {
  const ids = resolveLicense(license);
  if (!ids) return {};
  if (ids.spdxExpression) return { licenses: [{ expression: ids.spdxExpression }] };
  return { licenses: [{ license: ids.spdxId ? { id: ids.spdxId } : { name: ids.name ?? license } }] };
}

/** purl-spec `huggingface` type: the namespace and the commit are lower-cased, the model name keeps its case. */
function huggingFacePurl(source: string | null, revision: string | null) {
  const hubId = huggingFaceModelId(source);
  if (!hubId) return {};
  const [namespace, name] = hubId.split('/') as [string, string];
  return { purl: `pkg:huggingface/${namespace.toLowerCase()}/${encodeURIComponent(name)}${revision ? `@${encodeURIComponent(revision.toLowerCase())}` : ''}` };
}

function datasetComponents(c: Content) {
  return c.trainingData.map((d) => ({
    type: 'data',
    'bom-ref': ref.dataset(d.datasetVersionId),
    group: d.namespace,
    name: d.name,
    version: d.version,
    ...(d.sha256 ? { hashes: sha256Hash(d.sha256) } : {}),
    ...licenses(d.license),
    data: [{
      type: 'dataset',
      name: `${d.namespace}/${d.name}`,
      ...(d.uri ? { contents: { url: d.uri } } : {}),
      classification: d.personalData ? 'personal data' : 'no personal data',
      ...(d.personalData ? { sensitiveData: ['Personal data'] } : {}),
      ...(d.provenance ? { description: d.provenance } : {}),
    }],
    properties: props([['dataset-version-id', d.datasetVersionId], ['personal-data', d.personalData]]),
  }));
}

function baseModelComponents(c: Content) {
  return c.lineage.baseModels.map((b) => ({
    type: 'machine-learning-model',
    'bom-ref': ref.model(b.modelVersionId),
    group: b.system,
    name: b.model,
    version: b.version,
    hashes: sha256Hash(b.sha256),
    ...huggingFacePurl(b.externalSource, b.externalRevision),
    properties: props([['model-version-id', b.modelVersionId], ['external-source', b.externalSource], ['external-revision', b.externalRevision]]),
  }));
}

/**
 * `modelParameters` as CycloneDX 1.6 names them: the learning approach, the task (the model's own words, else its Hub
 * task id), the architecture, the datasets it was trained on (refs to the BOM's data components), inputs and outputs.
 */
function modelParameters(c: Content) {
  const { model } = c;
  const task = model.task || hubTaskId(model);
  return {
    ...(model.approach ? { approach: { type: model.approach } } : {}),
    ...(task ? { task } : {}),
    ...(model.architectureFamily ? { architectureFamily: model.architectureFamily } : {}),
    ...(model.modelArchitecture ? { modelArchitecture: model.modelArchitecture } : {}),
    datasets: c.trainingData.map((d) => ({ ref: ref.dataset(d.datasetVersionId) })),
    ...(model.inputs?.length ? { inputs: model.inputs } : {}),
    ...(model.outputs?.length ? { outputs: model.outputs } : {}),
  };
}

/**
 * The model card: parameters with its training data, metrics per environment, the narrative and findings as
 * considerations. A metric has no origin field in CycloneDX: its slice says it, and a property per metric names it.
 */
function modelCard(c: Content, originOf: OriginOf) {
  const { system, narrative, findings = [] } = c;
  const lines = (...items: string[]) => items.filter((s) => s.trim());
  return {
    modelParameters: modelParameters(c),
    quantitativeAnalysis: {
      performanceMetrics: c.evaluations.flatMap((e) => e.metrics.map((m) => ({
        type: m.metricType ?? m.name,
        value: String(m.value),
        slice: `${e.environment} (${e.kind} evidence ${e.id}${originOf ? `, ${originOf(m)}` : ''})`,
        ...(m.lowerBound !== undefined || m.upperBound !== undefined
          ? { confidenceInterval: { ...(m.lowerBound !== undefined ? { lowerBound: String(m.lowerBound) } : {}), ...(m.upperBound !== undefined ? { upperBound: String(m.upperBound) } : {}) } }
          : {}),
      }))),
    },
    considerations: Object.fromEntries(Object.entries({
      users: lines(system.businessOwner && `Business owner: ${system.businessOwner}`, system.deploymentContext && `Deployment context: ${system.deploymentContext}`),
      useCases: lines(system.purpose, system.intendedUse),
      technicalLimitations: lines(narrative.limitations, system.outOfScopeUses && `Out of scope: ${system.outOfScopeUses}`, ...findings.filter((f) => f.type === 'limitation').map((f) => `${f.ref} ${f.title} (${f.status.replaceAll('_', ' ')})`)),
      ethicalConsiderations: narrative.ethicalConsiderations || narrative.recommendations
        ? [{ name: narrative.ethicalConsiderations || 'Ethical considerations', mitigationStrategy: narrative.recommendations }]
        : [],
    }).filter(([, items]) => items.length)),
    properties: props([['human-oversight', system.humanOversight], ...c.evaluations.flatMap((e) =>
      e.metrics.flatMap((m): [string, string][] => (m.threshold !== null && m.comparator ? [[`threshold:${e.id}:${m.name}`, `${COMPARATOR_SYMBOLS[m.comparator]} ${m.threshold}: ${m.passed ? 'passed' : 'failed'}`]] : []))),
      ...(originOf ? c.evaluations.flatMap((e) => e.metrics.map((m): [string, string] => [`origin:${e.id}:${m.name}`, originOf(m)])) : []),
      // The card's own findings (those in its digest), one property each; live monitoring has no place in a BOM.
      ...findings.map((f): [string, string] => [`finding:${f.ref}`, `${f.severity} ${f.status.replaceAll('_', ' ')}: ${f.title}${f.waiver ? `; risk accepted until ${f.waiver.expiresAt.slice(0, 10)}` : ''}`])]),
  };
}

/** The signatures bound to the card shown (a snapshot's own request, or the last signed one), one property each. */
function approvalProperties(view: CardView): Property[] {
  const request = view.request ?? view.lastSigned;
  if (!request) return [];
  return props(request.signatures.map((s): [string, string] => [
    'signature', `${s.printedName} (${s.role}) ${s.decision} at ${s.signedAt} on snapshot ${s.snapshotSha256}: ${s.meaning}`,
  ]));
}

/**
 * The AI Card as a CycloneDX 1.6 ML-BOM: the AI system as the subject, the model version as a
 * `machine-learning-model` component with its model card, training datasets as `data` components, base models as
 * components, and the lineage as dependencies. Pure: the same view gives the same BOM.
 */
export function renderCardCycloneDx(view: CardView) {
  const c = view.content;
  const modelRef = ref.model(c.version.id);
  const datasets = datasetComponents(c);
  const bases = baseModelComponents(c);
  const model = {
    type: 'machine-learning-model',
    'bom-ref': modelRef,
    authors: [{ name: c.system.owner.name, email: c.system.owner.email }],
    group: c.system.name,
    name: c.model.name,
    version: c.version.version,
    ...(c.model.description ? { description: c.model.description } : {}),
    hashes: sha256Hash(c.version.artifactSha256),
    ...licenses(c.version.license),
    ...huggingFacePurl(c.version.externalSource, c.version.externalRevision),
    ...(c.version.uri ? { externalReferences: [{ type: 'distribution', url: c.version.uri }] } : {}),
    modelCard: modelCard(c, metricOrigins(view)),
    properties: props([
      ['model-version-id', c.version.id], ['format', c.version.format], ['artifact-size', c.version.artifactSize], ['stage', view.stage],
      ['external-source', c.version.externalSource], ['external-revision', c.version.externalRevision], ['scan-status', c.integrity.scanStatus],
      ['integrity', c.integrity.lastVerification], ['open-findings', c.integrity.openFindings.length],
      ...c.lineage.runs.map((r): [string, string] => ['training-run', `${r.job} run ${r.externalRunId}${r.codeCommit ? ` at ${r.codeRepository ?? ''}@${r.codeCommit}` : ''}`]),
    ]).concat(approvalProperties(view)),
  };
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: serialNumber(view),
    version: 1,
    metadata: {
      timestamp: view.generatedAt,
      tools: { components: [{ type: 'application', name: 'Provenant', version: packageJson.version }] },
      component: {
        type: 'application',
        'bom-ref': ref.system(c.system.id),
        name: c.system.name,
        description: c.system.purpose,
        properties: props([['risk-tier', c.risk.tier], ['general-purpose-model', c.risk.generalPurposeModel], ['personal-data', c.system.personalData]]),
      },
      properties: props([
        ['card-schema', c.schema], ['card-sha256', view.sha256], ['card-source', view.source], ['snapshot-request', view.request?.id],
        ['snapshot-target-stage', view.request?.targetStage], ['risk-tier', c.risk.tier], ['last-signed-request', view.lastSigned?.id],
        ['differs-from-last-signed', view.differsFromLastSigned], ['changed-since-last-signed', view.changedSinceSigned?.join('; ')],
      ]),
    },
    components: [model, ...datasets, ...bases],
    dependencies: [
      { ref: ref.system(c.system.id), dependsOn: [modelRef] },
      { ref: modelRef, dependsOn: [...datasets.map((d) => d['bom-ref']), ...bases.map((b) => b['bom-ref'])] },
    ],
  };
}
