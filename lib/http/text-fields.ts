import { z } from 'zod';
import { isBlank, visibleLength } from './well-formed';

/** Free text as records keep it: trimmed, at most `max` characters. */
export const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

/**
 * Text that must say something: not empty, and not only invisible characters either (a zero-width space trims to
 * itself, and a "required" reason or condition made of them would read as blank wherever it is shown).
 */
export const required = (max: number) => text(max).min(1, { error: 'Required.', abort: true }).refine((value) => !isBlank(value), 'Required: write something visible.');

/**
 * A reason or justification of at least `min` characters that show (spaces and invisible characters not counted):
 * ten zero-width spaces are no sentence. `missing`: what to say when the field is absent altogether.
 */
export const sentence = (min: number, max: number, message: string, missing?: string) =>
  (missing ? z.string({ error: missing }) : z.string()).trim().max(max, `At most ${max} characters.`).refine((value) => visibleLength(value) >= min, message);
