import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { InboxNotification } from '@/lib/inbox/notifications';
import { ActionList } from './action-list';
import { NewsList } from './news-list';

vi.mock('next/navigation', () => ({ useRouter: () => ({ push: () => undefined, refresh: () => undefined }) }));

const NOW = new Date('2026-12-07T12:00:00.000Z');
const markRead = async () => ({ ok: true as const, data: { marked: 0, unread: 0 } });

function news(id: string, title: string, { read = true, since = null }: { read?: boolean; since?: string | null } = {}): InboxNotification {
  return { id, type: 'promotion.requested', title, href: `/approvals/${id}`, entityType: 'promotion_request', entityId: id, createdAt: '2026-12-01T09:00:00.000Z', readAt: read ? '2026-12-02T09:00:00.000Z' : null, since } as InboxNotification;
}

const render = (items: InboxNotification[], { total = items.length, page = 1, pageSize = 20 } = {}) =>
  renderToStaticMarkup(createElement(NewsList, { items, total, unread: items.filter((n) => n.readAt === null).length, page, pageSize, now: NOW, markRead: markRead as never }));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the inbox news', () => {
  it('shows what still concerns the person first and folds read, settled news under a closed "Settled (n)"', () => {
    const html = render([
      news('a', 'Settled and read one', { since: 'approved' }),
      news('b', 'Waiting one', { read: false }),
      news('c', 'Settled but unread one', { read: false, since: 'withdrawn' }),
      news('d', 'Read, still open one'),
      news('e', 'Another settled one', { since: 'rejected' }),
    ]);
    const [open, folded] = html.split('<details');
    expect(folded).toBeDefined();
    // Unread news stays in view even once settled; only what was read recedes.
    expect(text(open!)).toMatch(/Waiting one .*Settled since: withdrawn .*Settled but unread one .*Read, still open one/);
    expect(open).not.toContain('Settled and read one');
    expect(folded).not.toMatch(/^[^>]*\sopen/);
    expect(text(folded!)).toMatch(/Settled \(2\) · what these asked for was settled since .*Settled since: approved .*Settled and read one .*Settled since: rejected .*Another settled one/);
    // Every item stays reachable, each by its link.
    for (const id of ['a', 'b', 'c', 'd', 'e']) expect(html).toContain(`href="/approvals/${id}"`);
  });

  it('with nothing settled, has no fold; with only settled news, says so rather than "No news yet"', () => {
    expect(render([news('b', 'Waiting one', { read: false })])).not.toContain('<details');
    const onlySettled = text(render([news('a', 'Old one', { since: 'approved' })]));
    expect(onlySettled).toContain('Nothing new: what the news below asked for was settled since.');
    expect(onlySettled).not.toContain('No news yet');
    expect(text(render([]))).toContain('No news yet.');
  });

  it('on one page of several, counts the settled news of that page', () => {
    const html = text(render([news('a', 'Old one', { since: 'approved' }), news('b', 'New one', { read: false })], { total: 26, pageSize: 2 }));
    expect(html).toContain('Settled on this page (1)');
    expect(html).toContain('Page 1 of 13');
  });

  it('lets a long unbroken word of a title wrap anywhere, in the news and in the actions', () => {
    const word = 'W'.repeat(300);
    const newsHtml = render([news('a', `INC-12 ${word}: recorded`, { read: false })]);
    const link = /<a [^>]*class="([^"]*)"[^>]*>(?:(?!<\/a>).)*WWWW/.exec(newsHtml);
    expect(link?.[1]).toContain('wrap-anywhere');
    expect(link?.[1]).not.toContain('break-words');
    const actionsHtml = renderToStaticMarkup(createElement(ActionList, { items: [{ key: 'incident:1', kind: 'incident', title: `Report INC-12 ${word}`, href: '/incidents/1', detail: word, date: '2026-12-10', overdue: false }], truncated: false, now: NOW }));
    expect(/<a [^>]*class="([^"]*)"[^>]*>Report INC-12/.exec(actionsHtml)?.[1]).toContain('wrap-anywhere');
    expect(actionsHtml).toContain(`<span class="min-w-0 wrap-anywhere">${word}</span>`);
  });
});

describe('the inbox actions', () => {
  it('say how long a request has waited: "waiting 6 days", or "new today"', () => {
    const item = (key: string, date: string) => ({ key, kind: 'signature' as const, title: `Sign ${key}`, href: `/approvals/${key}`, detail: 'Requested by Dana', date, overdue: false });
    const html = text(renderToStaticMarkup(createElement(ActionList, { items: [item('old', '2026-12-01T09:00:00.000Z'), item('new', '2026-12-07T08:00:00.000Z')], truncated: false, now: NOW })));
    expect(html).toMatch(/Sign old .*waiting 6 days .*Sign new .*new today/);
    expect(html).not.toContain('waiting since');
  });
});
