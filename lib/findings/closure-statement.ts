import { humanize } from '@/lib/words';

/**
 * A signed closure as shown: its meaning already ends with the role it was signed as ("…, as Risk officer"), so the role
 * is added only to a meaning that does not name it.
 */
export function closureStatement(meaning: string, role: string | null) {
  const signedAs = role ? `as ${humanize(role)}` : '';
  return !signedAs || meaning.endsWith(signedAs) ? meaning : `${meaning}, ${signedAs}`;
}
