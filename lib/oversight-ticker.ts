import 'server-only';
import { expireWaivers } from '@/lib/findings/expire-waivers';
import { finishBeforeStop, isStopping } from '@/lib/http/graceful-stop.mjs';
import { startQueuedPacks } from '@/lib/packs/start-queued-packs';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due';

/** How often the server sends due webhooks and expires waivers; retries are 5 s apart at the closest. */
export const TICK_MS = 15_000;

/** One pass of the background work; each part's failure is reported and does not stop the other. */
export async function runOversightTick(now = new Date()) {
  let reopened = 0;
  try {
    reopened = (await expireWaivers(now)).reopened;
  } catch (error) {
    console.error('Expiring waivers failed:', error instanceof Error ? error.message : error);
  }
  let attempted = 0;
  try {
    attempted = (await deliverDueWebhooks(now)).attempted;
  } catch (error) {
    console.error('Sending webhooks failed:', error instanceof Error ? error.message : error);
  }
  return { reopened, attempted };
}

const STARTED = Symbol.for('provenant.oversightTicker');

/**
 * Runs a tick every TICK_MS in this server process: once per process however often it is called (Next may load the
 * instrumentation in more than one bundle), never two ticks at once (a hanging receiver stretches a tick, it does not
 * stack them), and the timer is unref'd so it never keeps a stopping process alive. A stopping server starts no tick
 * and lets the one under way finish, so that no webhook it claimed waits out its lease. Each tick also starts queued
 * evidence packs that have a free slot: one requested from a replica that then stopped, or whose turn came when the
 * generator before it ended on a replica that is gone, would otherwise wait for the next request.
 */
export function startOversightTicker() {
  const scope = globalThis as { [STARTED]?: boolean };
  if (scope[STARTED]) return;
  scope[STARTED] = true;
  let running = false;
  const tick = async () => {
    if (running || isStopping()) return;
    running = true;
    try {
      const startPacks = () => startQueuedPacks().catch((error: unknown) => console.error('Starting queued evidence packs failed:', error instanceof Error ? error.message : error));
      await finishBeforeStop(runOversightTick().then(startPacks));
    } finally {
      running = false;
    }
  };
  setInterval(() => void tick(), TICK_MS).unref();
}
