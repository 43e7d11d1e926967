'use client';

import { useId, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { wrongPasswordOutcome } from '@/lib/auth/wrong-password';

type ErrorLink = { controlId: string; label: string; message: string };

/** The field errors shown inside `form` (each marked by FieldError), in the order the fields appear. */
function fieldErrorLinks(form: HTMLFormElement | null | undefined): ErrorLink[] {
  if (!form) return [];
  return Array.from(form.querySelectorAll<HTMLElement>('[data-field-error]')).map((element) => ({
    controlId: element.dataset.control ?? '',
    label: element.dataset.label ?? '',
    message: element.textContent ?? '',
  }));
}

const sameLinks = (a: ErrorLink[], b: ErrorLink[]) =>
  a.length === b.length && a.every((link, i) => link.controlId === b[i]!.controlId && link.label === b[i]!.label && link.message === b[i]!.message);

/**
 * The summary's heading. A wrong password is said once, at the field ("Wrong password.", linked from the summary): the
 * refusal's sentence would say it again in other words, so while a field shows its error the heading keeps only what
 * it means for the act ("Nothing was signed."). Any other message is the heading as it is.
 */
export function summaryHeading(message: string, fieldErrorsShown: boolean): string {
  return (fieldErrorsShown ? wrongPasswordOutcome(message) : undefined) ?? message;
}

/** Focuses the field itself (a fragment link would only scroll) and keeps its label in view. */
function goToField(event: MouseEvent<HTMLAnchorElement>, controlId: string) {
  const control = document.getElementById(controlId);
  if (!control) return;
  event.preventDefault();
  control.focus();
  control.scrollIntoView({ block: 'center' });
}

/**
 * The error summary at the top of a form: the form's message and a link to each field that has an error. It reads
 * the errors the fields show (and follows them as they clear), so every form built from Field gets it; useServerForm
 * focuses it after a failed submit.
 */
export function FormMessage({ message }: { message: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const [links, setLinks] = useState<ErrorLink[]>([]);
  useLayoutEffect(() => {
    const form = ref.current?.closest('form');
    if (!form) return;
    const scan = () => {
      const next = fieldErrorLinks(form);
      setLinks((previous) => (sameLinks(previous, next) ? previous : next));
    };
    scan();
    const observer = new MutationObserver(scan);
    observer.observe(form, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [message]);
  if (!message) return null;
  return (
    <div ref={ref} role="alert" tabIndex={-1} aria-labelledby={headingId} data-error-summary className="rounded-md border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800 outline-none focus:ring-2 focus:ring-rose-500">
      <p id={headingId} className="font-medium">{summaryHeading(message, links.length > 0)}</p>
      {links.length > 0 ? (
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {links.map((link) => (
            <li key={link.controlId}>
              <a href={`#${link.controlId}`} onClick={(event) => goToField(event, link.controlId)} className="underline underline-offset-2 hover:text-rose-950">
                {link.label}: {link.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
