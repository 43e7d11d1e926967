import { isBlank } from '@/lib/http/well-formed';

/**
 * What a system tells the people who deploy and oversee it: the parts of EU AI Act Art. 13's instructions for use
 * that Provenant keeps on the system (intended purpose, foreseeable misuse, human oversight, limitations), and the AI
 * Card's narrative. The `requireDocumentation` rule asks for every one of them before a version is promoted.
 */
export const DOCUMENTATION_FIELDS = [
  ['intendedUse', 'intended use'],
  ['outOfScopeUses', 'out-of-scope uses'],
  ['humanOversight', 'human oversight'],
  ['limitations', 'limitations'],
  ['ethicalConsiderations', 'ethical considerations'],
  ['recommendations', 'recommendations'],
] as const;

export type Documented = Record<(typeof DOCUMENTATION_FIELDS)[number][0], string>;

/** The parts a system leaves blank, in the form's order. */
export const undocumented = (system: Documented): string[] => DOCUMENTATION_FIELDS.filter(([key]) => isBlank(system[key])).map(([, label]) => label);
