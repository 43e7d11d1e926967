/** A point in the graph's coordinates, where ELK placed the nodes. */
export type Point = { x: number; y: number };
/** ELK's route for one edge: where it leaves its source, where it bends, where it meets its target. */
export type Route = Point[];

/** Corners of an orthogonal route are rounded by this much, less where a segment is too short for it. */
const CORNER_RADIUS = 8;

const distance = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);
const toward = (from: Point, to: Point, by: number): Point => {
  const length = distance(from, to);
  return length === 0 ? from : { x: from.x + ((to.x - from.x) * by) / length, y: from.y + ((to.y - from.y) * by) / length };
};
const format = (p: Point) => `${Math.round(p.x * 10) / 10},${Math.round(p.y * 10) / 10}`;

/** The point halfway along the route, where the edge's label sits. */
function halfway(route: Route): Point {
  const lengths = route.slice(1).map((p, i) => distance(route[i]!, p));
  let remaining = lengths.reduce((sum, l) => sum + l, 0) / 2;
  for (const [i, length] of lengths.entries()) {
    if (remaining <= length) return toward(route[i]!, route[i + 1]!, remaining);
    remaining -= length;
  }
  return route.at(-1)!;
}

/**
 * An SVG path along ELK's route with rounded corners, and where its label goes. Following ELK's route rather than a
 * curve between the two nodes keeps an edge that runs against the flow (a cycle's way back) between the columns,
 * clear of the nodes it passes, instead of looping through them and out of view.
 */
export function routePath(route: Route): { path: string; label: Point } {
  if (route.length < 2) throw new Error('A route needs at least a start and an end');
  const parts = [`M${format(route[0]!)}`];
  for (let i = 1; i < route.length - 1; i++) {
    const [before, corner, after] = [route[i - 1]!, route[i]!, route[i + 1]!];
    const radius = Math.min(CORNER_RADIUS, distance(before, corner) / 2, distance(corner, after) / 2);
    parts.push(`L${format(toward(corner, before, radius))}`, `Q${format(corner)} ${format(toward(corner, after, radius))}`);
  }
  parts.push(`L${format(route.at(-1)!)}`);
  return { path: parts.join(' '), label: halfway(route) };
}
