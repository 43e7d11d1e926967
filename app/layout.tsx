import '@fontsource-variable/inter';
import './globals.css';
import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { QueryProvider } from '@/components/layout/query-provider';
import { ScriptNotice } from '@/components/layout/script-notice';

export const metadata: Metadata = {
  title: { default: 'Provenant', template: '%s · Provenant' },
  description: 'AI governance: inventory, lineage, evidence and sign-off with a tamper-evident audit trail.',
  manifest: '/manifest.webmanifest',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next can put that response's CSP nonce (proxy.ts) on its inline scripts:
  // a page prerendered at build time (the 404 page, for one) would carry none, and its scripts would be refused.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <ScriptNotice />
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
