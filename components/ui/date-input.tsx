'use client';

import type { InputHTMLAttributes, ReactNode } from 'react';
import { TextField } from './form';

type Props = { label: string; name: string; errors: Record<string, string>; hint?: ReactNode; className?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>;

/**
 * A date typed and shown as YYYY-MM-DD whatever the browser's locale (a native date input shows 03/31/2026 or
 * 31.03.2026). The server validates it; the pattern only lets a fixed field's error clear. Empty is sent as null.
 */
export function DateField({ hint = 'As YYYY-MM-DD, e.g. 2026-03-31.', ...props }: Props) {
  return <TextField type="text" inputMode="numeric" pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}" placeholder="YYYY-MM-DD" maxLength={10} autoComplete="off" data-date="" hint={hint} {...props} />;
}
