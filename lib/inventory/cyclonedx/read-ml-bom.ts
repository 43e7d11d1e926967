import { CYCLONEDX_APPROACHES, HUB_TASK_IDS, resolveLicense, type CycloneDxApproach } from '@/lib/cards/external-ids';
import { Invalid, TooLarge } from '@/lib/errors';
import { clipped, illFormedInputIssues } from '@/lib/http/well-formed';

/**
 * Bounds of one import: real ML-BOMs are a few KB to a few hundred (a model card with an inline image); 1,000
 * components validate against the schema in about 50 ms.
 */
export const BOM_LIMITS = { bytes: 4 * 1024 * 1024, components: 1000, datasets: 200 } as const;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const records = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
/** Free text from a vendor, cut to what the record's field holds (the forms' limits). */
const clip = (v: string | null, max: number) => (v === null ? v : clipped(v, max));

export type BomDataset = { namespace: string; name: string; version: string; sha256: string | null; uri: string | null; license: string; description: string; personalData: boolean };
type HubTaskId = (typeof HUB_TASK_IDS)[number];

export type MlBom = {
  serialNumber: string | null;
  vendorName: string | null;
  system: { name: string; purpose: string; intendedUse: string; limitations: string; ethicalConsiderations: string };
  model: {
    externalRef: string; name: string; description: string; task: string; pipelineTag: HubTaskId | null; approach: CycloneDxApproach | null;
    architectureFamily: string | null; modelArchitecture: string | null; inputs: { format: string }[]; outputs: { format: string }[];
  };
  version: { version: string; sha256: string | null; otherHashes: string[]; license: string; uri: string | null; externalSource: string | null; externalRevision: string | null };
  datasets: BomDataset[];
};

/** Parses the text (the only copy the server reads), bounded before and after parsing. */
function parseBomText(source: string): Json {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > BOM_LIMITS.bytes) throw new TooLarge(BOM_LIMITS.bytes, `The BOM (${bytes} bytes)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new Invalid('The BOM is not JSON; nothing was imported.', [{ path: 'bom', message: (error as Error).message }]);
  }
  if (!isRecord(parsed)) throw new Invalid('The BOM is not a JSON object; nothing was imported.', [{ path: 'bom', message: 'Expected a CycloneDX BOM object.' }]);
  const issues = illFormedInputIssues(parsed);
  if (issues.length > 0) throw new Invalid('The BOM holds text that cannot be accepted; nothing was imported.', issues.map((i) => ({ ...i, path: `bom.${i.path}` })));
  return parsed;
}

/** Refuses a BOM over the component bound before anything costly (the schema check) reads it. */
export function parseBom(source: string | Json): Json {
  const bom = isRecord(source) ? source : parseBomText(source);
  allComponents(bom);
  return bom;
}

/** Every component, nested ones included, counted against the bound as it goes. */
function allComponents(bom: Json): Json[] {
  const out: Json[] = [];
  const metadataComponent = isRecord(bom.metadata) ? bom.metadata.component : undefined;
  const queue = [...(isRecord(metadataComponent) ? [metadataComponent] : []), ...records(bom.components)];
  while (queue.length) {
    const c = queue.shift()!;
    out.push(c);
    if (out.length > BOM_LIMITS.components) {
      throw new Invalid(`The BOM has more than ${BOM_LIMITS.components} components; an import takes at most that many. Nothing was imported.`, [{ path: 'bom/components', message: `At most ${BOM_LIMITS.components} components.` }]);
    }
    queue.push(...records(c.components));
  }
  return out;
}

const nameOf = (entity: unknown) => (isRecord(entity) ? text(entity.name) : null);
const hashOf = (c: Json, alg: string) => records(c.hashes).find((h) => h.alg === alg && typeof h.content === 'string')?.content as string | undefined;

function licenseOf(c: Json): string {
  const first = records(c.licenses)[0];
  if (!first) return '';
  if (text(first.expression)) return text(first.expression)!;
  const license = isRecord(first.license) ? first.license : {};
  return text(license.id) ?? text(license.name) ?? '';
}

function urlOf(c: Json, ...types: string[]): string | null {
  const refs = records(c.externalReferences);
  return (types.map((t) => refs.find((r) => r.type === t)).find(Boolean)?.url as string | undefined) ?? null;
}

/** The model's identity across BOMs: its purl without version and qualifiers (global), else its bom-ref, else its name. */
function modelKey(c: Json): string {
  const purl = text(c.purl);
  if (purl) return purl.replace(/[?#].*$/, '').replace(/@[^/@]*$/, '');
  return text(c['bom-ref']) ?? [text(c.group), text(c.name)].filter(Boolean).join('/');
}

/**
 * OpenLineage naming for a data component: its group and name when it has a group (Provenant's export puts the
 * namespace there), else the URL's origin and path, else `cyclonedx:<vendor>` and its name.
 */
function readDataset(c: Json, inline: Json | null, vendor: string | null): BomDataset {
  const data = inline ?? records(c.data)[0] ?? {};
  const url = (isRecord(data.contents) ? text(data.contents.url) : null) ?? urlOf(c, 'distribution', 'website');
  const parsed = url && URL.canParse(url) ? new URL(url) : null;
  const name = text(c.name) ?? text(data.name) ?? 'dataset';
  const group = text(c.group);
  const sha256 = hashOf(c, 'SHA-256')?.toLowerCase() ?? null;
  if (sha256 && !/^[0-9a-f]{64}$/.test(sha256)) throw new Invalid(`The SHA-256 hash of dataset ${name} is not 64 hexadecimal characters.`, [{ path: 'bom/components/hashes', message: 'Not a SHA-256 digest.' }]);
  return {
    namespace: clip(group ?? (parsed ? `${parsed.protocol}//${parsed.host}` : `cyclonedx:${(vendor ?? 'vendor').toLowerCase()}`), 300)!,
    name: clip(group || !parsed ? name : parsed.pathname.replace(/^\/+/, '') || name, 300)!,
    version: clip(text(c.version), 100) ?? (sha256 ? sha256.slice(0, 12) : 'as-delivered'),
    sha256, uri: clip(url, 2000), license: clip(licenseOf(c), 200)!,
    description: clip(text(c.description) ?? text(data.description), 4000) ?? '',
    personalData: Array.isArray(data.sensitiveData) && data.sensitiveData.length > 0,
  };
}

function datasetsOf(card: Json, byRef: Map<string, Json>, vendor: string | null): BomDataset[] {
  const params = isRecord(card.modelParameters) ? card.modelParameters : {};
  const entries = records(params.datasets);
  if (entries.length > BOM_LIMITS.datasets) throw new Invalid(`The model names ${entries.length} datasets; an import takes at most ${BOM_LIMITS.datasets}.`, [{ path: 'bom/modelCard/modelParameters/datasets', message: 'Too many datasets.' }]);
  return entries.map((entry, i) => {
    if (typeof entry.ref !== 'string') return readDataset({ name: entry.name }, entry, vendor);
    const target = byRef.get(entry.ref);
    if (!target) throw new Invalid(`Dataset ${i + 1} of the model card refers to "${entry.ref}", which no component of the BOM has as its bom-ref.`, [{ path: `bom/modelCard/modelParameters/datasets/${i}/ref`, message: 'No component with this bom-ref.' }]);
    return readDataset(target, null, vendor);
  });
}

const joined = (items: unknown) => (Array.isArray(items) ? items.filter((s): s is string => typeof s === 'string').join('\n') : '');
const formats = (items: unknown) => records(items).slice(0, 20).flatMap((f) => (text(f.format) ? [{ format: clip(text(f.format), 100)! }] : []));

/**
 * The model the BOM is about: its only machine-learning model, or, when it lists base models too (as Provenant's own
 * export does), the one the BOM's subject (`metadata.component`) depends on directly.
 */
function subjectModel(bom: Json, components: Json[]): Json {
  const models = components.filter((c) => c.type === 'machine-learning-model');
  if (models.length === 0) throw new Invalid('This BOM lists no machine-learning-model component: it is not an ML-BOM, so there is no model to register.', [{ path: 'bom/components', message: 'Expected a component of type machine-learning-model.' }]);
  if (models.length === 1) return models[0]!;
  const subject = isRecord(bom.metadata) && isRecord(bom.metadata.component) ? bom.metadata.component['bom-ref'] : undefined;
  const direct = new Set(records(bom.dependencies).filter((d) => d.ref === subject).flatMap((d) => (Array.isArray(d.dependsOn) ? d.dependsOn : [])));
  const chosen = models.filter((m) => direct.has(m['bom-ref']));
  if (chosen.length === 1) return chosen[0]!;
  throw new Invalid(`This BOM lists ${models.length} models (${models.map((m) => text(m.name) ?? '?').join(', ')}) and its subject depends on ${chosen.length === 0 ? 'none' : 'several'} of them directly; an import registers one. Split the BOM per model.`, [{ path: 'bom/components', message: 'Expected one machine-learning-model component, or one the BOM\'s subject depends on.' }]);
}

/**
 * What an ML-BOM says about the model it is about: the vendor, the model card's parameters, the version with its hashes
 * and the datasets it names.
 */
export function readMlBom(bom: Json): MlBom {
  const components = allComponents(bom);
  const metadata = isRecord(bom.metadata) ? bom.metadata : {};
  const c = subjectModel(bom, components);
  const vendorName = clip(nameOf(c.supplier) ?? nameOf(c.manufacturer) ?? text(c.publisher) ?? nameOf(records(c.authors)[0]) ?? nameOf(metadata.supplier) ?? nameOf(metadata.manufacturer), 200);
  const card = isRecord(c.modelCard) ? c.modelCard : {};
  const params = isRecord(card.modelParameters) ? card.modelParameters : {};
  const considerations = isRecord(card.considerations) ? card.considerations : {};
  const approach = isRecord(params.approach) ? params.approach.type : null;
  const task = clip(text(params.task), 200) ?? '';
  const hubTask = task.toLowerCase();
  const application = isRecord(metadata.component) && metadata.component !== c ? metadata.component : null;
  const name = clip([text(c.group), text(c.name)].filter(Boolean).join('/'), 200) || 'model';
  const byRef = new Map(components.flatMap((x) => (typeof x['bom-ref'] === 'string' ? [[x['bom-ref'], x] as const] : [])));
  const hubSource = urlOf(c, 'website', 'distribution')?.match(/^https:\/\/huggingface\.co\/[\w.-]+\/[\w.-]+$/)?.[0] ?? null;
  return {
    serialNumber: text(bom.serialNumber),
    vendorName,
    system: {
      name: clip(application && text(application.name), 200) ?? name,
      purpose: clip((application && text(application.description)) ?? text(c.description), 4000) ?? `Third-party model ${name}${vendorName ? ` from ${vendorName}` : ''}, registered from its CycloneDX ML-BOM.`,
      intendedUse: clip(joined(considerations.useCases), 4000)!,
      limitations: clip(joined(considerations.technicalLimitations), 8000)!,
      ethicalConsiderations: clip(records(considerations.ethicalConsiderations).map((e) => [text(e.name), text(e.mitigationStrategy) && `Mitigation: ${text(e.mitigationStrategy)}`].filter(Boolean).join('. ')).join('\n'), 8000)!,
    },
    model: {
      externalRef: `cyclonedx:${modelKey(c)}`,
      name, description: clip(text(c.description), 4000) ?? '', task,
      pipelineTag: (HUB_TASK_IDS as readonly string[]).includes(hubTask) ? (hubTask as HubTaskId) : null,
      approach: (CYCLONEDX_APPROACHES as readonly unknown[]).includes(approach) ? (approach as CycloneDxApproach) : null,
      architectureFamily: clip(text(params.architectureFamily), 200), modelArchitecture: clip(text(params.modelArchitecture), 200),
      inputs: formats(params.inputs), outputs: formats(params.outputs),
    },
    version: {
      version: clip(text(c.version), 100) ?? '',
      sha256: hashOf(c, 'SHA-256')?.toLowerCase() ?? null,
      otherHashes: records(c.hashes).flatMap((h) => (h.alg !== 'SHA-256' && typeof h.alg === 'string' ? [h.alg] : [])),
      license: clip(resolveLicense(licenseOf(c))?.spdxId ?? licenseOf(c), 200)!,
      uri: clip(urlOf(c, 'distribution', 'website'), 2000),
      externalSource: hubSource,
      externalRevision: hubSource && /^[0-9a-f]{40}$/.test(text(c.version) ?? '') ? text(c.version) : null,
    },
    datasets: datasetsOf(card, byRef, vendorName),
  };
}
