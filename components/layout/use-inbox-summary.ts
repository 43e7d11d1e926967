'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import type { InboxSummary } from '@/lib/inbox/summary';

const KEY = ['inbox-summary'];

/**
 * The Inbox badge's counts, read after the page from /api/v1/inbox/summary so that no page waits for them: again on
 * every navigation, on every refresh of the frame (`renderedAt` changes when the server renders it again, as after a
 * form's action) and every minute, the last counts shown meanwhile. Undefined until the first answer, or when the
 * person has no inbox.
 */
export function useInboxSummary(enabled: boolean, renderedAt: string): InboxSummary | undefined {
  const pathname = usePathname();
  const client = useQueryClient();
  const seen = useRef(`${pathname} ${renderedAt}`);
  useEffect(() => {
    const now = `${pathname} ${renderedAt}`;
    if (seen.current === now) return;
    seen.current = now;
    void client.invalidateQueries({ queryKey: KEY });
  }, [client, pathname, renderedAt]);
  return useQuery({
    queryKey: KEY,
    enabled,
    refetchInterval: 60_000,
    queryFn: async ({ signal }) => {
      const response = await fetch('/api/v1/inbox/summary', { signal, headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`The inbox summary answered ${response.status}.`);
      return (await response.json()) as InboxSummary;
    },
  }).data;
}
