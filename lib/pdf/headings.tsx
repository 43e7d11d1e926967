import { Link, Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import { styles, theme } from './theme';

type HeadingProps = { children: ReactNode; id?: string };

/**
 * A section heading moves to the next page unless this much of its section fits under it: its lead paragraph, then a
 * table's header and first rows ("2.3 Promotion policies" was left at a page's foot with only its paragraph).
 */
const SECTION_PRESENCE = 170;

/** A section heading; with an `id` it is a link target (the table of contents points at it). */
export function SectionHeading({ children, id }: HeadingProps) {
  return (
    <View id={id} minPresenceAhead={SECTION_PRESENCE} style={{ borderBottomWidth: 1, borderBottomColor: theme.color.accent, marginBottom: 8 }}>
      <Text style={[styles.h1, { marginBottom: 3 }]}>{children}</Text>
    </View>
  );
}

/** A sub-heading keeps a table's header and first row under it (an "Integrity flags" heading was left at a page's foot). */
const SUB_PRESENCE = 70;

export function SubHeading({ children, id }: HeadingProps) {
  return (
    <View id={id} minPresenceAhead={SUB_PRESENCE}>
      <Text style={styles.h2}>{children}</Text>
    </View>
  );
}

export function Paragraph({ children, muted = false }: { children: ReactNode; muted?: boolean }) {
  return <Text style={muted ? [styles.paragraph, styles.muted] : styles.paragraph}>{children}</Text>;
}

/** An internal link, e.g. a table-of-contents entry pointing at a heading's `id`. */
export function InternalLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link src={`#${to}`} style={{ color: theme.color.text, textDecoration: 'none' }}>
      {children}
    </Link>
  );
}
