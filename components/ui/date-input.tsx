'use client';

import type { InputHTMLAttributes, ReactNode } from 'react';
import { TextField } from './form';
import { ISO_DATE_INPUT } from './iso-date-input';

type Props = { label: string; name: string; errors: Record<string, string>; hint?: ReactNode; className?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>;

/**
 * A form's date field, typed and shown as YYYY-MM-DD; the pattern only lets a fixed field's error clear. Empty is sent
 * as null. The hint gives no example date: a fixed one soon reads as a date in the past.
 */
export function DateField({ hint = 'As YYYY-MM-DD: year, month, day.', ...props }: Props) {
  return <TextField {...ISO_DATE_INPUT} data-date="" hint={hint} {...props} />;
}
