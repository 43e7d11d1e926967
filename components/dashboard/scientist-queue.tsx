import Link from 'next/link';
import { StageBadge } from '@/components/ui/badge';
import { awaitedWords } from '@/lib/dashboard/awaited-roles';
import { Card } from '@/components/ui/card';
import type { ownOpenRequests } from '@/lib/dashboard/own-open-requests';
import { UnsignableNote } from '@/components/promotion/unsignable-note';
import type { VersionAtGate } from '@/lib/dashboard/own-versions-at-gate';
import { wayForward } from '@/lib/promotion/way-forward';
import { Age } from './age';
import { QueueList, QueueRow, rowLink } from './queue-list';

type Props = { versions: VersionAtGate[]; requests: Awaited<ReturnType<typeof ownOpenRequests>>; now: Date };

const versionPath = (v: { modelId: string; id: string }) => `/models/${v.modelId}/versions/${v.id}`;

/** What the gate still wants, each as the step that fixes it, linked to where it is done (the version page's way forward). */
function Failing({ version }: { version: VersionAtGate }) {
  const blocked = version.blocked!;
  const steps = wayForward(blocked.failing, { modelId: version.modelId, versionId: version.id, systemId: version.systemId });
  return (
    <div className="mt-1 text-xs text-slate-600">
      <p>Blocked for {blocked.target}:</p>
      <ul className="mt-0.5 list-disc space-y-0.5 pl-5">
        {steps.map((step) => (
          <li key={step.requirementId}>
            {step.href ? (
              <Link href={step.href} className="text-indigo-700 underline underline-offset-2">{step.action}</Link>
            ) : (
              <span className="font-medium text-slate-800">{step.action}</span>
            )}
            <span className="text-slate-500"> — {step.detail}</span>
          </li>
        ))}
        {blocked.more ? <li className="text-slate-500">and {blocked.more} more on the version page</li> : null}
      </ul>
    </div>
  );
}

/** A data scientist's day: their versions the gate holds back (and why), or that are ready; their open requests. */
export function ScientistQueue({ versions, requests, now }: Props) {
  return (
    <>
      <Card title="Your versions at the gate">
        <QueueList empty="None of your versions is waiting to move up.">
          {versions.map((v) => (
            <QueueRow key={v.id} aside={<StageBadge stage={v.stage} />}>
              <Link href={versionPath(v)} className={rowLink}>{v.modelName} {v.version}</Link>
              {v.blocked ? (
                <Failing version={v} />
              ) : (
                <p className="mt-1 text-xs font-medium text-emerald-700">Gate passes for {v.ready.join(' and ')}: ready to request promotion.</p>
              )}
            </QueueRow>
          ))}
        </QueueList>
      </Card>
      <Card title={`Your open requests (${requests.length})`}>
        <QueueList empty="You have no open promotion request.">
          {requests.map((r) => (
            <QueueRow key={r.id} aside={<Age iso={r.createdAt} now={now} prefix="opened" />}>
              <Link href={`/approvals/${r.id}`} className={rowLink}>
                {r.modelName} {r.version} → {r.targetStage}
              </Link>
              <p className="mt-0.5 text-xs text-slate-600">
                {r.changed
                  ? <UnsignableNote changed={r.changed} requester />
                  : awaitedWords(r.awaited)}
                {r.signedBy.length ? <span className="text-slate-500"> · signed by {r.signedBy.join(', ')}</span> : null}
              </p>
            </QueueRow>
          ))}
        </QueueList>
      </Card>
    </>
  );
}
