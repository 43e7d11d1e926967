/** An in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md). */
export type Subject = { name: string; digest: { sha256: string } };
export type Statement<P> = { _type: 'https://in-toto.io/Statement/v1'; subject: Subject[]; predicateType: string; predicate: P };

/** What Provenant attests about an AI Card export, and about an evidence pack. */
export const CARD_PREDICATE_TYPE = 'https://provenant.dev/attestation/ai-card/v1';
export const PACK_PREDICATE_TYPE = 'https://provenant.dev/attestation/evidence-pack/v1';

export function inTotoStatement<P>(subject: Subject[], predicateType: string, predicate: P): Statement<P> {
  return { _type: 'https://in-toto.io/Statement/v1', subject, predicateType, predicate };
}
