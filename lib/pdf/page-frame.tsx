import { Page, Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import { groupDigest } from './digest';
import { styles } from './theme';

export type FooterInfo = {
  /** Left of the footer: what the document is, e.g. "Evidence pack 3f2a… · Provenant". */
  label: string;
  /** A digest that identifies the document's content (chain head, snapshot); printed in groups. */
  digest?: string | null;
  /** Shown before the digest, e.g. "Audit chain head". */
  digestLabel?: string;
  /** Added to react-pdf's page numbers when a document is rendered in parts (0 for a single render). */
  pageOffset?: number;
  /** Overrides react-pdf's total when rendering in parts. */
  totalPages?: number;
};

/** `wrap={false}` is not offered: react-pdf then sizes the page to its content instead of A4. */
type PageFrameProps = FooterInfo & { children: ReactNode; id?: string };

/** One A4 page (or a run of A4 pages when content wraps) with the fixed footer every document shares. */
export function PageFrame({ children, id, ...footer }: PageFrameProps) {
  return (
    <Page size="A4" style={styles.page} id={id}>
      <View style={styles.body}>{children}</View>
      <PageFooter {...footer} />
    </Page>
  );
}

export function PageFooter({ label, digest, digestLabel, pageOffset = 0, totalPages }: FooterInfo) {
  return (
    <View style={styles.footer} fixed>
      <View style={styles.footerLeft}>
        <Text>{label}</Text>
        {digest ? (
          <Text>
            {digestLabel ? `${digestLabel}: ` : ''}
            <Text style={styles.footerDigest}>{groupDigest(digest)}</Text>
          </Text>
        ) : null}
      </View>
      <Text
        style={{ width: 90, textAlign: 'right' }}
        render={({ pageNumber, totalPages: renderedTotal }) =>
          `Page ${pageNumber + pageOffset} of ${totalPages ?? renderedTotal}`
        }
      />
    </View>
  );
}
