import { parse } from 'yaml';
import { z } from 'zod';
import { Invalid } from '@/lib/errors';

const ZModelIndex = z.array(
  z.object({
    name: z.string().optional(),
    results: z.array(
      z.object({
        task: z.object({ type: z.string(), name: z.string().optional() }).partial().optional(),
        dataset: z.object({ name: z.string(), type: z.string(), split: z.string(), config: z.string() }).partial().optional(),
        metrics: z.array(z.object({ type: z.string(), value: z.unknown(), name: z.string().optional() })).min(1),
      }),
    ),
  }),
);

export type ModelIndexResult = { summary: string; metrics: { name: string; value: number }[] };

/** The model-index of a Hugging Face model card: from its YAML front matter, or given directly as YAML or JSON. */
function extractIndex(content: string): unknown {
  const frontMatter = /^---\s*\n([\s\S]*?)\n---\s*(\n|$)/.exec(content.trimStart());
  let document: unknown;
  try {
    document = parse(frontMatter ? frontMatter[1]! : content);
  } catch (error) {
    throw new Invalid('The content is neither YAML nor JSON.', [{ path: 'content', message: (error as Error).message.split('\n')[0]! }]);
  }
  if (Array.isArray(document)) return document;
  return (document as Record<string, unknown> | null)?.['model-index'];
}

/** Each result (task × dataset) becomes one piece of performance evidence with its numeric metrics. */
export function parseModelIndex(content: string): ModelIndexResult[] {
  const parsed = ZModelIndex.safeParse(extractIndex(content));
  if (!parsed.success) {
    throw new Invalid('No valid model-index found.', [{ path: 'content', message: 'Expected "model-index": a list of { name, results: [{ task, dataset, metrics: [{ type, value }] }] }.' }]);
  }
  const results = parsed.data.flatMap((entry) =>
    entry.results.map((result) => {
      const task = result.task?.name ?? result.task?.type ?? 'evaluation';
      const dataset = result.dataset ? ` on ${result.dataset.name ?? result.dataset.type}${result.dataset.split ? ` (${result.dataset.split})` : ''}` : '';
      const metrics = result.metrics.flatMap((m) => {
        const value = typeof m.value === 'number' ? m.value : Number(m.value);
        return Number.isFinite(value) ? [{ name: m.name ?? m.type, value }] : [];
      });
      return { summary: `${entry.name ? `${entry.name}: ` : ''}${task}${dataset}`, metrics };
    }),
  );
  if (results.every((r) => r.metrics.length === 0)) throw new Invalid('The model-index has no numeric metrics.', [{ path: 'content', message: 'Each metric needs a numeric value.' }]);
  return results.filter((r) => r.metrics.length > 0);
}
