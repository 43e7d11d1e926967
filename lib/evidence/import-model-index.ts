import 'server-only';
import type { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { parseModelIndex } from './model-index';
import { recordEvaluation } from './record-evaluation';
import type { ZImportModelIndexInput } from './schemas';

/** Imports Hugging Face model-index results as performance evidence, one evaluation per task and dataset. */
export function importModelIndex(actor: Actor, input: z.output<typeof ZImportModelIndexInput>) {
  const { ownerIds } = modelVersionWithOwners(input.modelVersionId);
  assertCan(actor, 'evidence.record', { ownerIds });
  const results = parseModelIndex(input.content);
  const items = results.map((result) =>
    recordEvaluation(actor, {
      modelVersionId: input.modelVersionId,
      kind: 'performance',
      environment: input.environment,
      artifactSha256: input.artifactSha256,
      producer: 'Hugging Face model-index',
      summary: result.summary,
      metrics: result.metrics,
      attachments: [],
    }),
  );
  return { items, total: items.length };
}
