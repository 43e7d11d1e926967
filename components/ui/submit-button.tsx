'use client';

import { useSyncExternalStore, type ButtonHTMLAttributes } from 'react';
import { Button } from './button';

const noSubscription = () => () => undefined;

/** False in the server's HTML and until React has hydrated the tree; true from then on. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { variant?: Parameters<typeof Button>[0]['variant'] };

/**
 * The submit button of a form that the page's script sends. Until that script runs it is disabled: a browser would
 * otherwise send the form itself, as a GET to the same page with every field (a token's name, a password) in the
 * address, and reload it empty. A disabled default button also stops Enter from sending it.
 */
export function SubmitButton({ disabled, ...props }: Props) {
  const hydrated = useHydrated();
  return <Button {...props} type="submit" disabled={disabled || !hydrated} />;
}
