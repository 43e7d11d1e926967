import type { Metadata } from 'next';
import { ActionList, WaitingOnOthersList } from '@/components/inbox/action-list';
import { NewsList } from '@/components/inbox/news-list';
import { PageHeader } from '@/components/ui/card';
import { requirePageActor } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/http/search-params';
import { inbox } from '@/lib/inbox/inbox';
import { ZInboxQuery } from '@/lib/inbox/schemas';
import { markReadAction } from './actions';

export const metadata: Metadata = { title: 'Inbox' };

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query } = parseSearchParams(ZInboxQuery, await searchParams);
  const now = new Date();
  const box = await inbox(actor, query, now);
  return (
    <>
      <PageHeader title="Inbox" description="What needs you now, kept current from the records, then the news: what happened to the findings, reviews, incidents and requests that concern you." />
      {/* Columns of minmax(0, 1fr), not auto: a long unbroken word in a title wraps rather than widening the page. */}
      <div className="grid grid-cols-1 items-start gap-4 sm:gap-6 xl:grid-cols-2">
        <div className="grid min-w-0 grid-cols-1 gap-4 sm:gap-6">
          <ActionList items={box.actions} truncated={box.actionsTruncated} now={now} />
          <WaitingOnOthersList items={box.comingUp} now={now} />
        </div>
        <NewsList items={box.items} total={box.total} unread={box.unread} page={box.page} pageSize={box.pageSize} now={now} markRead={markReadAction} />
      </div>
    </>
  );
}
