import '@fontsource-variable/inter';
import './globals.css';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { QueryProvider } from '@/components/layout/query-provider';

export const metadata: Metadata = {
  title: { default: 'Provenant', template: '%s · Provenant' },
  description: 'AI governance: inventory, lineage, evidence and sign-off with a tamper-evident audit trail.',
  manifest: '/manifest.webmanifest',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
