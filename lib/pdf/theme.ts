import { StyleSheet } from '@react-pdf/renderer';
import { MONO, SANS } from './fonts';

/** One scale for every generated document: sizes in points, A4 portrait. */
export const theme = {
  page: { size: 'A4' as const, width: 595.28, height: 841.89, marginX: 48, marginTop: 48, marginBottom: 64 },
  size: { title: 22, h1: 15, h2: 11.5, body: 9, small: 7.5, mono: 7.5 },
  lineHeight: 1.35,
  color: {
    text: '#1f2328',
    muted: '#59636e',
    border: '#c9d1d9',
    rule: '#e4e8ec',
    headerFill: '#eef1f4',
    stripe: '#f7f8fa',
    accent: '#1d3f73',
    ok: '#1a6b34',
    bad: '#a4161a',
  },
  cellPadding: { x: 4, y: 3 },
} as const;

/** Width available to content between the page margins. */
export const contentWidth = theme.page.width - 2 * theme.page.marginX;

export const styles = StyleSheet.create({
  page: {
    fontFamily: SANS,
    fontSize: theme.size.body,
    color: theme.color.text,
    paddingTop: theme.page.marginTop,
    paddingBottom: theme.page.marginBottom,
    paddingHorizontal: theme.page.marginX,
  },
  /**
   * Line height lives here, not on the page: react-pdf 4.9 drops a `render` text (the page number) that inherits one.
   * A unitless line height resolves against the font size of the style that declares it (18 by default), so every
   * style that sets one sets its font size beside it.
   */
  body: { fontSize: theme.size.body, lineHeight: theme.lineHeight },
  footer: {
    position: 'absolute',
    left: theme.page.marginX,
    right: theme.page.marginX,
    bottom: 28,
    flexDirection: 'row',
    justifyContent: 'space-between',
    alignItems: 'flex-end',
    borderTopWidth: 0.5,
    borderTopColor: theme.color.border,
    paddingTop: 5,
    fontSize: theme.size.small,
    color: theme.color.muted,
  },
  footerLeft: { flexDirection: 'column', maxWidth: '82%' },
  footerDigest: { fontFamily: MONO, fontSize: 6.5 },
  mono: { fontFamily: MONO, fontSize: theme.size.mono, lineHeight: theme.lineHeight },
  muted: { color: theme.color.muted },
  title: { fontSize: theme.size.title, lineHeight: 1.2, fontWeight: 'bold', color: theme.color.accent, marginBottom: 6 },
  h1: { fontSize: theme.size.h1, lineHeight: 1.25, fontWeight: 'bold', color: theme.color.accent, marginBottom: 8 },
  h2: { fontSize: theme.size.h2, lineHeight: 1.25, fontWeight: 'bold', marginTop: 10, marginBottom: 5 },
  paragraph: { marginBottom: 6 },
  small: { fontSize: theme.size.small, lineHeight: theme.lineHeight, color: theme.color.muted },
});
