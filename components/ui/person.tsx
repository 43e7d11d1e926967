import { Fragment } from 'react';
import { personEmail, personName, type PersonRef } from '@/lib/format/person';
import { cn } from './cn';

type Props = { person: PersonRef | null | undefined; fallback?: string; className?: string; /** The email on a second line, where it is the identity that matters (users, the audit trail). */ withEmail?: boolean };

/**
 * An address that wraps where it reads well, before "@" and after a dot ("dana.whitfield" / "@example.com"), and only
 * mid-word when a part alone is wider than the line. <wbr> adds no character, so a copied address stays whole.
 */
function breakable(email: string) {
  return email.split(/(?=@)|(?<=\.)/).map((part, i) => (i === 0 ? part : <Fragment key={i}><wbr />{part}</Fragment>));
}

/** The one way a page shows a person: their name, with the email as a tooltip or, where identity matters, a second line. */
export function PersonName({ person, fallback, className, withEmail = false }: Props) {
  const name = personName(person, fallback);
  const email = personEmail(person);
  if (withEmail && email) {
    return (
      <span className={cn('block min-w-0', className)} data-person>
        <span className="block break-words">{name}</span>
        <span className="block text-xs font-normal break-words text-slate-500">{breakable(email)}</span>
      </span>
    );
  }
  return <span className={className} title={email ?? undefined} data-person>{name}</span>;
}
