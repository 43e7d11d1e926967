import type { CardView } from './load-card';

/**
 * What a card's time (`generatedAt`) is the time of, in words: a signed card's is its last signature (its record was
 * frozen at submission, which the card says beside it); a current card's is the record's last change or the start of
 * the hour, so the same record exports the same bytes.
 */
export const asOfLabel = (view: Pick<CardView, 'source'>) => (view.source === 'snapshot' ? 'Signatures as of' : 'Record as of');
