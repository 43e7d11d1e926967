/**
 * The shape of the 100,000-node, 300,000-edge lineage graph: 1,000 projects of 100 nodes each (30 dataset
 * versions, 30 runs, 20 model versions, 20 deployments). Preparation runs turn raw data into derived data,
 * training runs read many tables, fine-tune earlier versions (sometimes another team's) and feed deployments.
 * Within a project edges point from older to newer work; 10% of inputs and 20% of runs reach into other projects.
 */
import { randomUUID } from 'node:crypto';
import type { LineageRelation } from '@/db/schema';
import { prng } from './seed-data';

export const PROJECTS = 1_000;
export const EDGES = 300_000;
const RAW = 20, DERIVED = 10, PREP_RUNS = 10, TRAIN_RUNS = 20, MODELS = 20, DEPLOYMENTS = 20;

export type Edge = { from: string; to: string; relation: LineageRelation };
export type Project = { datasets: string[]; prepRuns: string[]; trainRuns: string[]; models: string[]; deployments: string[] };

const keys = (kind: string, n: number) => Array.from({ length: n }, () => `${kind}:${randomUUID()}`);

export function lineageShape(seed = 7) {
  const r = prng(seed);
  const projects: Project[] = Array.from({ length: PROJECTS }, () => ({
    datasets: keys('dataset_version', RAW + DERIVED),
    prepRuns: keys('run', PREP_RUNS),
    trainRuns: keys('run', TRAIN_RUNS),
    models: keys('model_version', MODELS),
    deployments: keys('deployment', DEPLOYMENTS),
  }));
  const seen = new Set<string>();
  const edges: Edge[] = [];
  const add = (from: string, to: string, relation: LineageRelation) => {
    if (seen.has(`${from}>${to}`)) return;
    seen.add(`${from}>${to}`);
    edges.push({ from, to, relation });
  };
  const other = (p: number) => projects[(p + 1 + r.int(PROJECTS - 1)) % PROJECTS]!;
  projects.forEach((project, p) => {
    project.prepRuns.forEach((run, i) => {
      for (let k = 0; k < 3; k++) add(project.datasets[r.int(RAW)]!, run, 'input');
      add(run, project.datasets[RAW + i]!, 'output');
    });
    project.trainRuns.forEach((run, i) => {
      add(run, project.models[i]!, 'output');
      add(project.models[i]!, project.deployments[i]!, 'deployed_as');
      // Fine-tuning: most runs start from an earlier version of the project, some from another team's model.
      if (i > 0 && r.next() < 0.7) add(project.models[r.int(i)]!, run, 'base_model');
      if (r.next() < 0.2) add(other(p).models[r.int(MODELS)]!, run, 'base_model');
    });
  });
  // The rest are training inputs: the project's own tables mostly, shared tables from other projects sometimes.
  while (edges.length < EDGES) {
    const p = r.int(PROJECTS);
    const source = r.next() < 0.9 ? projects[p]! : other(p);
    add(source.datasets[r.int(RAW + DERIVED)]!, projects[p]!.trainRuns[r.int(TRAIN_RUNS)]!, 'input');
  }
  const nodes = projects.flatMap((pr) => [...pr.datasets, ...pr.prepRuns, ...pr.trainRuns, ...pr.models, ...pr.deployments]);
  return { nodes, edges, random: r };
}
