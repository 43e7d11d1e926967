import { Link, Text, View } from '@react-pdf/renderer';
import { PageFrame, type FooterInfo } from '@/lib/pdf/page-frame';
import { styles, theme } from '@/lib/pdf/theme';

export type TocEntry = { title: string; anchor: string; page: number; level: 1 | 2 };

const ENTRY_HEIGHT = 14;
const TITLE_HEIGHT = 40;
const BODY_HEIGHT = theme.page.height - theme.page.marginTop - theme.page.marginBottom - 16;

/** How many pages a contents list of `count` entries takes (known before the content is paginated). */
export function tocPageCount(count: number): number {
  const first = Math.floor((BODY_HEIGHT - TITLE_HEIGHT) / ENTRY_HEIGHT);
  const rest = Math.floor(BODY_HEIGHT / ENTRY_HEIGHT);
  return count <= first ? 1 : 1 + Math.ceil((count - first) / rest);
}

function chunk(entries: TocEntry[]): TocEntry[][] {
  const first = Math.floor((BODY_HEIGHT - TITLE_HEIGHT) / ENTRY_HEIGHT);
  const rest = Math.floor(BODY_HEIGHT / ENTRY_HEIGHT);
  const pages = [entries.slice(0, first)];
  for (let i = first; i < entries.length; i += rest) pages.push(entries.slice(i, i + rest));
  return pages;
}

/** The table of contents: each entry links to its heading and states the page it starts on. */
export function TocPages({ entries, footer }: { entries: TocEntry[]; footer: FooterInfo }) {
  return chunk(entries).map((page, index) => (
    <PageFrame key={index} {...footer}>
      {index === 0 ? (
        <View style={{ height: TITLE_HEIGHT }}>
          <Text style={styles.h1}>Contents</Text>
        </View>
      ) : null}
      {page.map((entry) => (
        <Link key={entry.anchor} src={`#${entry.anchor}`} style={{ textDecoration: 'none', color: theme.color.text }}>
          <View style={{ height: ENTRY_HEIGHT, flexDirection: 'row', alignItems: 'flex-end', paddingLeft: entry.level === 2 ? 14 : 0 }}>
            <Text style={{ fontWeight: entry.level === 1 ? 'bold' : 'normal', maxWidth: 400 }}>{entry.title}</Text>
            <View style={{ flexGrow: 1, borderBottomWidth: 0.5, borderBottomColor: theme.color.border, borderBottomStyle: 'dotted', marginHorizontal: 4, marginBottom: 3 }} />
            <Text style={{ width: 30, textAlign: 'right' }}>{entry.page}</Text>
          </View>
        </Link>
      ))}
    </PageFrame>
  ));
}
