'use client';

/** The size of an edge label's text. */
export const LABEL_FONT_SIZE = 11;
/** React Flow's padding around a label's text (EdgeText's labelBgPadding: 2 across, 4 down), and a little air beyond. */
const PADDING = { x: 2, y: 4 };
const AIR = 4;

let context: CanvasRenderingContext2D | null | undefined;

/** The box an edge label takes on the canvas, measured in the page's font, so ELK can keep room for it. */
export function labelSize(text: string) {
  if (context === undefined) {
    context = document.createElement('canvas').getContext('2d');
    // The page's font is set once, by its stylesheet: read it on the first label, not on every one.
    if (context) context.font = `${LABEL_FONT_SIZE}px ${getComputedStyle(document.body).fontFamily}`;
  }
  const width = context ? context.measureText(text).width : text.length * LABEL_FONT_SIZE * 0.6;
  return { width: Math.ceil(width + 2 * PADDING.x + AIR), height: Math.ceil(LABEL_FONT_SIZE * 1.3 + 2 * PADDING.y) };
}
