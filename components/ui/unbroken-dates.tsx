/** A date (and time) in running text: YYYY-MM-DD, optionally HH:MM and UTC. */
const DATE = /(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?: UTC)?)?)/;

/**
 * Text whose dates never break at their hyphens ("2026-11-" then "30" on a phone): each date is kept on one line, the
 * rest wraps as usual. For sentences built on the server, such as a gate requirement's detail.
 */
export function UnbrokenDates({ text }: { text: string }) {
  return text.split(DATE).map((part, index) => (index % 2 === 1 ? <span key={index} className="whitespace-nowrap">{part}</span> : part));
}
