import { runOversightTick } from '@/lib/oversight-ticker';
import { plural } from '@/lib/words';

/** `oversight tick`: what the server's background ticker does, once (expire waivers, send due webhooks). */
export async function runOversightTickCommand(): Promise<number> {
  const { reopened, attempted } = await runOversightTick();
  console.log(`${plural(reopened, 'finding')} re-opened by an expired waiver; ${plural(attempted, 'webhook delivery', 'webhook deliveries')} attempted.`);
  return 0;
}
