import Link from 'next/link';
import { humanize } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Mono } from '@/components/ui/table';
import type { expiringTokens } from '@/lib/dashboard/expiring-tokens';
import type { recentPolicyChanges } from '@/lib/dashboard/recent-policy-changes';
import { DEFAULT_POLICY_AUTHOR } from '@/lib/promotion/default-policies';
import type { userSummary } from '@/lib/dashboard/user-summary';
import { Age } from './age';
import { QueueList, QueueRow } from './queue-list';

type Props = {
  users: Awaited<ReturnType<typeof userSummary>>;
  tokens: Awaited<ReturnType<typeof expiringTokens>>;
  policies: Awaited<ReturnType<typeof recentPolicyChanges>>;
  now: Date;
};


/** An admin's day: the accounts that need a look, API tokens about to stop working, and the latest policy edits. */
export function AdminQueue({ users, tokens, policies, now }: Props) {
  const facts: [string, number, boolean][] = [
    ['Active accounts', users.active, false],
    ['Active without a role', users.withoutRole, users.withoutRole > 0],
    ['Never signed in', users.neverSignedIn, false],
    ['Disabled', users.disabled, false],
  ];
  return (
    <>
      <Card title="Users" actions={<Link href="/admin/users" className="text-sm font-medium text-indigo-700 hover:underline">Manage users</Link>}>
        <dl className="grid grid-cols-2 gap-3">
          {facts.map(([label, value, warn]) => (
            <div key={label} className="rounded-md bg-slate-50 px-3 py-2">
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className={warn ? 'text-lg font-semibold text-amber-700' : 'text-lg font-semibold text-slate-900'}>{value.toLocaleString('en')}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={`API tokens expiring within 30 days (${tokens.length})`}>
        <QueueList empty="No live token expires in the next 30 days.">
          {tokens.map((t) => (
            <QueueRow key={t.id} aside={<Age iso={t.expiresAt!} now={now} prefix="expires" />}>
              <p className="font-medium break-words text-slate-900">{t.name}</p>
              <p className="mt-0.5 text-xs text-slate-500">
                <PersonName person={{ name: t.ownerName, email: t.ownerEmail }} /> · <Mono>{t.prefix}…</Mono> · {t.lastUsedAt ? `last used ${formatDate(t.lastUsedAt)}` : 'never used'}
              </p>
            </QueueRow>
          ))}
        </QueueList>
      </Card>
      <Card title="Recent policy changes" className="lg:col-span-2" actions={<Link href="/admin/policies" className="text-sm font-medium text-indigo-700 hover:underline">Policies</Link>}>
        <QueueList empty="No policy has been written yet.">
          {policies.map((p) => (
            <QueueRow key={p.id} aside={<Age iso={p.createdAt} now={now} />}>
              <p className="text-sm text-slate-900">
                <span className="font-medium">{humanize(p.riskTier)} → {p.targetStage}</span>, version {p.version}
                {p.version === 1 ? ' (first version)' : ''}
              </p>
              <p className="mt-0.5 text-xs text-slate-500">
                by {p.authorName ? <PersonName person={{ name: p.authorName, email: p.authorEmail }} /> : DEFAULT_POLICY_AUTHOR}
                {p.approverName ? <>, approved by <PersonName person={{ name: p.approverName, email: p.approverEmail }} /></> : null}
              </p>
            </QueueRow>
          ))}
        </QueueList>
      </Card>
    </>
  );
}

