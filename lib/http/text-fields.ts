import { z } from 'zod';
import { isBlank } from './well-formed';

/** Free text as records keep it: trimmed, at most `max` characters. */
export const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

/**
 * Text that must say something: not empty, and not only invisible characters either (a zero-width space trims to
 * itself, and a "required" reason or condition made of them would read as blank wherever it is shown).
 */
export const required = (max: number) => text(max).min(1, { error: 'Required.', abort: true }).refine((value) => !isBlank(value), 'Required: write something visible.');
