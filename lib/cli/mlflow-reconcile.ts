import { reconcileMlflow, type ReconcileReport } from '@/lib/integrations/mlflow/reconcile';
import type { MlflowAuth } from '@/lib/integrations/mlflow/rest-client';
import { plural } from '@/lib/words';
import type { CliValues } from './main';
import { readStdin } from './read-stdin';

function print(report: ReconcileReport) {
  const lines = [
    report.dryRun ? 'Dry run: nothing was changed. A real run would do this.' : 'Reconciled with MLflow.',
    `New here: ${plural(report.added.length, 'version')}${report.added.length ? `: ${report.added.join(', ')}` : ''}`,
    `Changed: ${plural(report.changed.length, 'version')}`,
    ...report.changed.map((c) => `  ${c.version}: ${c.differences.join('; ')}`),
    `Registered in Provenant: ${plural(report.registered.length, 'version')}${report.registered.length ? `: ${report.registered.join(', ')}` : ''}`,
    `Missing here (in MLflow, not a Provenant version): ${plural(report.missingHere.length, 'version')}`,
    ...report.missingHere.map((m) => `  ${m.version}: ${m.reason}`),
    `Missing there (known here, no longer listed by MLflow): ${plural(report.missingThere.length, 'version')}${report.missingThere.length ? `: ${report.missingThere.join(', ')}` : ''}`,
  ];
  console.log(lines.join('\n'));
}

/** `mlflow reconcile --url URL [--token-stdin] [--dry-run]`: exit 0 done, 1 MLflow or the database refused, 2 usage. */
export async function runMlflowReconcile(values: CliValues): Promise<number> {
  const url = values.url;
  if (!url || !/^https?:\/\//.test(url)) {
    console.error('Usage: mlflow reconcile --url http(s)://MLFLOW_HOST [--token-stdin] [--dry-run]');
    return 2;
  }
  const auth: MlflowAuth = {
    token: values['token-stdin'] ? await readStdin() : process.env.MLFLOW_TRACKING_TOKEN,
    username: process.env.MLFLOW_TRACKING_USERNAME,
    password: process.env.MLFLOW_TRACKING_PASSWORD,
  };
  try {
    print(await reconcileMlflow({ url, auth, dryRun: Boolean(values['dry-run']) }));
    return 0;
  } catch (error) {
    console.error(`MLflow reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
