import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, withTransaction } from '@/db';
import { notifications } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { raiseFindingInTx } from '@/lib/findings/raise-finding';
import { makeActor, makeSystem } from '@/lib/testing';
import { markNotificationsRead } from './mark-read';
import { ZMarkReadInput } from './schemas';

let dana: Actor;
let rita: Actor;
let systemId: string;

beforeAll(async () => {
  [dana, rita] = await Promise.all([makeActor(['data_scientist'], 'dana'), makeActor(['risk_officer'], 'rita')]);
  systemId = (await makeSystem(dana, { name: 'Dana’s scorer' })).id;
});

const readAtOf = async (findingId: string) => (await getDb().select().from(notifications).where(eq(notifications.entityId, findingId))).find((n) => n.userId === dana.userId)!.readAt;

describe('marking all read through a time', () => {
  // Stored times compare as text: "…:11Z" sorted after "…:11.770Z" and marked what arrived later in that second.
  it('reads `through` as an instant, however it is written: a time without milliseconds is not after the same second’s later ones', async () => {
    const { finding } = await withTransaction(async (tx) => await raiseFindingInTx(tx, rita, { type: 'validation_issue', severity: 'low', title: 'Arrived 770 ms into the second', description: 'Found in test.', subjectType: 'system', subjectId: systemId, source: 'manual' }, new Date('2026-12-02T08:00:11.770Z')));
    for (const through of ['2026-12-02T08:00:11Z', '2026-12-02T10:00:11+02:00', '2026-12-02T08:00:11.1Z']) {
      await markNotificationsRead(dana, ZMarkReadInput.parse({ all: true, through }));
      expect(await readAtOf(finding.id), through).toBeNull();
    }
    await markNotificationsRead(dana, ZMarkReadInput.parse({ all: true, through: '2026-12-02T08:00:11.770Z' }));
    expect(await readAtOf(finding.id)).not.toBeNull();
  });
});
