import { Document } from '@react-pdf/renderer';
import { FlowPage } from '@/lib/pdf/flow-page';
import { paginate, type FlowBlock } from '@/lib/pdf/flow';
import { wrapLines } from '@/lib/pdf/measure';
import type { FooterInfo } from '@/lib/pdf/page-frame';
import type { PackData } from '../collect-pack-data';
import { auditBlocks, aboutBlocks } from './audit-blocks';
import { CoverPage } from './cover-page';
import { inventoryBlocks } from './inventory-blocks';
import { oversightBlocks } from './oversight-blocks';
import { TocPages, tocPageCount, type TocEntry } from './toc-pages';
import { versionBlocks } from './version-blocks';

export type PackLayout = { blocks: FlowBlock[]; pages: ReturnType<typeof paginate>['pages']; toc: TocEntry[]; tocPages: number; pageCount: number };

const fitTitle = (title: string) => {
  const lines = wrapLines(title, 380, { face: 'sans', size: 9 });
  return lines.length > 1 ? `${lines[0]}…` : title;
};

/**
 * A heading's level in the contents follows its number: "2. Model versions" is a section, "2.5 Promotion policies …"
 * one of its parts, whatever its anchor, so the contents never show a part as a section of its own.
 */
export const tocLevel = (title: string): 1 | 2 => (/^\d+\.\d+ /.test(title) ? 2 : 1);

/** Lays the whole pack out before rendering: cover (1 page), contents, then the explicitly paginated sections. */
export function layoutPack(data: PackData): PackLayout {
  const blocks = [...inventoryBlocks(data), ...versionBlocks(data), ...oversightBlocks(data), ...auditBlocks(data), ...aboutBlocks()];
  const { pages, anchors } = paginate(blocks);
  const headings = blocks.flatMap((block) => (block.kind === 'heading' && block.anchor && block.toc ? [{ anchor: block.anchor, title: block.toc }] : []));
  const tocPages = tocPageCount(headings.length);
  const firstContentPage = 1 + tocPages + 1;
  const toc = headings.map(({ anchor, title }) => ({
    anchor,
    title: fitTitle(title),
    level: tocLevel(title),
    page: firstContentPage + anchors.get(anchor)!,
  }));
  return { blocks, pages, toc, tocPages, pageCount: 1 + tocPages + pages.length };
}

type PackDocumentProps = { data: PackData; layout: PackLayout; scopeLabel: string; requester: string; generatedAt: string; onPaint?: () => void };

export function PackDocument({ data, layout, scopeLabel, requester, generatedAt, onPaint }: PackDocumentProps) {
  const footer: FooterInfo = {
    label: `Evidence pack ${data.pack.id.slice(0, 8)} · ${scopeLabel} · generated ${generatedAt.slice(0, 10)}`,
    digest: data.chain.head?.hash ?? null,
    digestLabel: `Audit chain head #${data.chain.head?.seq ?? 0}`,
  };
  return (
    <Document title={`Evidence pack: ${scopeLabel}`} author="Provenant" language="en" subject={`Evidence pack ${data.pack.id}`} creator="Provenant" producer="Provenant">
      <CoverPage data={data} scopeLabel={scopeLabel} requester={requester} generatedAt={generatedAt} footer={footer} />
      <TocPages entries={layout.toc} footer={footer} />
      {layout.pages.map((items, index) => (
        <FlowPage key={index} items={items} footer={footer} onPaint={onPaint} />
      ))}
    </Document>
  );
}
