import type { RiskTier } from '@/db/schema';

/** EU AI Act classification questions. Pure data and logic: shared by the form and the server. */
export type RiskQuestion = { id: string; group: 'prohibited' | 'high' | 'transparency' | 'gpai'; reference: string; text: string };

export const QUESTIONNAIRE_VERSION = 'eu-ai-act-2024-1689/v1';

const QUESTIONNAIRE_NAMES: Record<string, string> = { [QUESTIONNAIRE_VERSION]: 'EU AI Act questionnaire (Regulation (EU) 2024/1689), version 1' };

/** A questionnaire as people read it, its identifier after: an unknown one reads as its identifier. */
export const questionnaireName = (id: string) => (QUESTIONNAIRE_NAMES[id] ? `${QUESTIONNAIRE_NAMES[id]} (${id})` : id);

export const RISK_QUESTIONS: RiskQuestion[] = [
  { id: 'manipulation', group: 'prohibited', reference: 'Art. 5(1)(a)', text: 'Uses subliminal, manipulative or deceptive techniques that materially distort behaviour and cause significant harm' },
  { id: 'exploits_vulnerabilities', group: 'prohibited', reference: 'Art. 5(1)(b)', text: 'Exploits vulnerabilities due to age, disability or a social or economic situation' },
  { id: 'social_scoring', group: 'prohibited', reference: 'Art. 5(1)(c)', text: 'Scores people on social behaviour or personal traits, leading to detrimental or unjustified treatment' },
  { id: 'predictive_policing', group: 'prohibited', reference: 'Art. 5(1)(d)', text: 'Predicts that a person will commit a crime based solely on profiling or personality traits' },
  { id: 'facial_scraping', group: 'prohibited', reference: 'Art. 5(1)(e)', text: 'Builds facial recognition databases by untargeted scraping of images from the internet or CCTV' },
  { id: 'emotion_workplace', group: 'prohibited', reference: 'Art. 5(1)(f)', text: 'Infers emotions in the workplace or in education (other than for medical or safety reasons)' },
  { id: 'biometric_categorisation', group: 'prohibited', reference: 'Art. 5(1)(g)', text: 'Categorises people by biometrics to infer race, political opinions, religion, sex life or orientation' },
  { id: 'realtime_biometric_id', group: 'prohibited', reference: 'Art. 5(1)(h)', text: 'Real-time remote biometric identification in public spaces for law enforcement' },
  { id: 'safety_component', group: 'high', reference: 'Art. 6(1), Annex I', text: 'Is a safety component of a product covered by EU harmonisation legislation (machinery, medical devices ...)' },
  { id: 'biometrics', group: 'high', reference: 'Annex III(1)', text: 'Remote biometric identification, biometric categorisation or emotion recognition (where permitted)' },
  { id: 'critical_infrastructure', group: 'high', reference: 'Annex III(2)', text: 'Safety component in critical infrastructure (road traffic, water, gas, heating, electricity, digital infrastructure)' },
  { id: 'education', group: 'high', reference: 'Annex III(3)', text: 'Admission to, assessment in, or monitoring of education and vocational training' },
  { id: 'employment', group: 'high', reference: 'Annex III(4)', text: 'Recruitment, CV screening, promotion, termination, task allocation or monitoring of workers' },
  { id: 'essential_services', group: 'high', reference: 'Annex III(5)', text: 'Creditworthiness or credit scoring, life and health insurance pricing, public benefits, emergency dispatch' },
  { id: 'law_enforcement', group: 'high', reference: 'Annex III(6)', text: 'Used by or for law enforcement (evidence reliability, risk of offending, profiling in investigations)' },
  { id: 'migration', group: 'high', reference: 'Annex III(7)', text: 'Migration, asylum and border control management' },
  { id: 'justice_democracy', group: 'high', reference: 'Annex III(8)', text: 'Administration of justice or influencing elections and democratic processes' },
  { id: 'interacts_with_people', group: 'transparency', reference: 'Art. 50(1)', text: 'Interacts directly with people (a chatbot or voice assistant)' },
  { id: 'synthetic_content', group: 'transparency', reference: 'Art. 50(2)', text: 'Generates synthetic audio, image, video or text content' },
  { id: 'emotion_or_categorisation', group: 'transparency', reference: 'Art. 50(3)', text: 'Performs emotion recognition or biometric categorisation on people exposed to it' },
  { id: 'deep_fake', group: 'transparency', reference: 'Art. 50(4)', text: 'Generates or manipulates content that constitutes a deep fake, or text published to inform the public' },
  { id: 'general_purpose_model', group: 'gpai', reference: 'Art. 3(63), Art. 51', text: 'Is, or is built on, a general-purpose AI model (e.g. a foundation LLM)' },
];

export type RiskAnswers = Record<string, boolean>;

export type RiskProposal = { tier: RiskTier; generalPurposeModel: boolean; reasons: string[] };

/** Prohibited beats high, high beats transparency duties; anything else is minimal risk. */
export function proposeRiskTier(answers: RiskAnswers): RiskProposal {
  const yes = RISK_QUESTIONS.filter((q) => answers[q.id] === true);
  const reasons = (group: RiskQuestion['group']) => yes.filter((q) => q.group === group).map((q) => `${q.reference}: ${q.text}`);
  const generalPurposeModel = yes.some((q) => q.group === 'gpai');
  for (const [group, tier] of [['prohibited', 'prohibited'], ['high', 'high'], ['transparency', 'limited']] as const) {
    if (reasons(group).length > 0) return { tier, generalPurposeModel, reasons: reasons(group) };
  }
  return { tier: 'minimal', generalPurposeModel, reasons: ['No prohibited practice, Annex III area or Art. 50 duty applies.'] };
}

export const TIER_ORDER: Record<RiskTier, number> = { minimal: 0, limited: 1, high: 2, prohibited: 3 };

/** The questions answered yes, sorted: two answer sets mean the same when these match. */
export function answeredYes(answers: RiskAnswers | undefined | null): string[] {
  return Object.keys(answers ?? {}).filter((k) => answers?.[k] === true).sort();
}

/** Why the tier is what it is, as a card says it: the reason given, or none needed when it is the questionnaire's proposal. */
export const tierJustification = (risk: { justification: string; tier: string; proposedTier: string | null }) =>
  risk.justification || (risk.proposedTier === risk.tier ? 'None needed: the tier is the questionnaire’s proposal.' : null);
