import { inWords, plural } from '@/lib/words';

/** " in the evidence and the integrity checks": where a card differs from the last signed one, as every format says it. */
export const signedDifferenceText = (view: { changedSinceSigned: string[] | null }) => (view.changedSinceSigned?.length ? ` in ${inWords(view.changedSinceSigned)}` : '');

/** "Yes: Meridian Language Cloud" or "No": whether a system is a third party's, as every card format says it. */
export const thirdPartyText = (system: { thirdParty: boolean; vendorName: string | null }) => (system.thirdParty ? `Yes${system.vendorName ? `: ${system.vendorName}` : ''}` : 'No');

/**
 * Whether the stored bytes were hashed again and matched the registered digest, in the words every format of the
 * card, the version's page and the evidence pack use: "not yet checked" is not a failure, it means nobody ran one.
 */
export const VERIFICATION_WORDS = {
  never: 'Not re-checked yet: no check has hashed the stored bytes again and compared them with the digest',
  matched: 'Stored bytes match the digest',
  mismatched: 'Stored bytes do NOT match the digest',
} as const;

/** "2 dataset versions, 1 base model": what a training run read, as every format of the card counts it. */
export const runInputsText = (run: { inputDatasetVersionIds: string[]; baseModelVersionIds: string[] }) =>
  `${plural(run.inputDatasetVersionIds.length, 'dataset version')}, ${plural(run.baseModelVersionIds.length, 'base model')}`;
