/** A person as stored: a display name and the email that identifies them (either may be missing on old or vanished rows). */
export type PersonRef = { name?: string | null; email?: string | null };

/** What every page, PDF and Markdown document calls a person: the name, else the email, else the fallback. */
export function personName(person: PersonRef | null | undefined, fallback = 'unknown'): string {
  return person?.name?.trim() || person?.email?.trim() || fallback;
}

/** The email to show beside or under the name, or null when it would only repeat it. */
export function personEmail(person: PersonRef | null | undefined): string | null {
  const email = person?.email?.trim();
  return email && email !== personName(person) ? email : null;
}

/** "Dana Whitfield (dana.whitfield@example.com)": for text that cannot carry a tooltip (PDFs, Markdown, pickers). */
export function personWithEmail(person: PersonRef | null | undefined, fallback = 'unknown'): string {
  const email = personEmail(person);
  return email ? `${personName(person, fallback)} (${email})` : personName(person, fallback);
}
