import { formatBytes } from '@/lib/format/bytes';
import { heading, paragraph, table, type FlowBlock } from '@/lib/pdf/flow';
import type { PackData } from '../collect-pack-data';
import { plural } from '@/lib/words';
import { label, personLabel, utc } from './format';

/** Section 1: the systems and model versions the pack covers. */
export function inventoryBlocks(data: PackData): FlowBlock[] {
  const person = personLabel(data.people);
  const modelsPerSystem = new Map<string, number>();
  for (const model of data.models) modelsPerSystem.set(model.systemId, (modelsPerSystem.get(model.systemId) ?? 0) + 1);
  const blocks: FlowBlock[] = [
    heading(1, '1. Inventory in scope', { anchor: 'inventory', toc: '1. Inventory in scope' }),
    paragraph(`${plural(data.systems.length, 'AI system')}, ${plural(data.models.length, 'model')} and ${plural(data.versions.length, 'model version')} registered by the end of the period.`),
  ];
  if (data.systems.length) {
    blocks.push(
      table('AI systems', [
        { title: 'AI system', weight: 2.2, kind: 'bold', cell: (s: PackData['systems'][number]) => s.name },
        { title: 'Risk tier', weight: 1, cell: (s) => label(s.riskTier) + (s.generalPurposeModel ? ' (GPAI)' : '') },
        { title: 'Lifecycle', weight: 1.25, cell: (s) => label(s.lifecycleStatus) },
        { title: 'Technical owner', weight: 2.6, cell: (s) => person(s.ownerId) },
        { title: 'Business owner', weight: 1.5, cell: (s) => s.businessOwner },
        { title: 'Models', weight: 0.8, align: 'right', cell: (s) => String(modelsPerSystem.get(s.id) ?? 0) },
      ], data.systems),
    );
  }
  if (data.versions.length) {
    blocks.push(
      heading(2, 'Model versions'),
      table('Model versions', [
        { title: 'System › model', weight: 2.25, cell: (v: PackData['versions'][number]) => `${v.systemName} › ${v.modelName}` },
        { title: 'Version', weight: 1.1, kind: 'bold', cell: (v) => v.version },
        // Wide enough for "Development" on one line.
        { title: 'Stage', weight: 1.5, cell: (v) => label(v.stage) },
        { title: 'Format, size', weight: 1.25, cell: (v) => `${v.format}\n${formatBytes(v.artifactSize)}` },
        { title: 'Registered (UTC)', weight: 1.2, kind: 'mono', cell: (v) => utc(v.createdAt) },
        { title: 'Artifact SHA-256', weight: 2.7, kind: 'digest', cell: (v) => v.artifactSha256 },
      ], data.versions),
    );
  }
  return blocks;
}
