import { plural } from '@/lib/words';

/** The heading of a refused form ("2 fields to correct."), said by the server and kept current by the form as fields are fixed. */
export const fieldsToCorrect = (count: number) => `${plural(count, 'field')} to correct.`;
