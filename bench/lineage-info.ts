/** What seed-lineage.ts hands the lineage benches: kept next to DATA_DIR, under the OS tmp dir. */
import fs from 'node:fs';
import path from 'node:path';

export type LineageBenchInfo = { token: string; root: string; depth: number; sample: string[] };

const file = () => path.join(path.dirname(path.resolve(process.env.DATA_DIR ?? '')), 'lineage-bench.json');
export const writeLineageBenchInfo = (info: LineageBenchInfo) => fs.writeFileSync(file(), JSON.stringify(info));
export const readLineageBenchInfo = () => JSON.parse(fs.readFileSync(file(), 'utf8')) as LineageBenchInfo;
