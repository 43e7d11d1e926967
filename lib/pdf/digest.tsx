import { Text, type Styles } from '@react-pdf/renderer';
import { styles } from './theme';

const GROUP = 8;

/** A hex digest in groups of eight separated by spaces: lines break between groups, never inside one. */
export function groupDigest(hex: string, group = GROUP): string {
  const parts: string[] = [];
  for (let i = 0; i < hex.length; i += group) parts.push(hex.slice(i, i + group));
  return parts.join(' ');
}

type DigestProps = { value: string | null | undefined; label?: string; style?: Styles[string] };

/** Monospaced SHA-256 (or any hex digest); an absent digest prints as a dash, never as an empty cell. */
export function Digest({ value, label, style }: DigestProps) {
  return (
    <Text style={style ? [styles.mono, style] : styles.mono}>
      {label ? `${label} ` : ''}
      {value ? groupDigest(value) : '—'}
    </Text>
  );
}
