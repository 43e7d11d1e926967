import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { retireSystem } from '@/lib/inventory/retire-system';
import { decidePolicyProposal, proposePolicyChange } from '@/lib/promotion/policy-proposals';
import { currentPolicy } from '@/lib/promotion/policy-queries';
import { ZPolicyRules } from '@/lib/promotion/policy-schemas';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { aiSystems } from '@/db/schema';
import { confirmSystemTier } from '@/lib/inventory/confirm-tier';
import { needsTierConfirmation } from '@/lib/inventory/tier-confirmation';
import { updateSystem } from '@/lib/inventory/update-system';
import { realNow, type Scene } from './demo-clock';
import { DEMO_PASSWORD, DEMO_SYSTEMS } from './demo-data';
import { promotionScenes, ranFrom, type Evaluation, type Version } from './demo-promotions';
import { creditEvidence, fraudEvidence, throughStaging } from './seed-governance';
import { signInForScene } from './demo-sign-in';

const DAY = 86_400_000;

export type OnboardingPeople = { admin: Actor; riskOfficer: Actor; securityReviewer: Actor; ownerOf: (label: string) => Actor; ownerOfSystem: (name: string) => Actor };

/**
 * One version's way to a stage: the evidence its gate asks for, who signs, and why its owner asks. A high-tier version
 * goes to production only from staging, so its step first takes it there, `stagingFirst.daysAgo`, on its offline evidence.
 */
type Step = {
  label: string;
  target: 'staging' | 'production';
  daysAgo: number;
  evidence: Evaluation[];
  signers: 'risk officer' | 'both';
  justification: string;
  stagingFirst?: { daysAgo: number; justification: string };
};

/** A model already deciding in production at onboarding has no shadow run: its production evidence is its own live record since. */
const live = (evidence: Evaluation[], decisions: string) =>
  evidence.map((e) => (e.environment === 'production' ? { ...e, producer: 'monitoring job', summary: `Its own live ${decisions} since it was re-registered at onboarding, scored against their outcomes.` } : e));

const performance = (producer: string, summary: string, ...metrics: Evaluation['metrics']) => ({ kind: 'performance', environment: 'staging' as const, producer, summary, metrics });
const robustness = (producer: string, summary: string, ...metrics: Evaluation['metrics']) => ({ kind: 'robustness', environment: 'staging' as const, producer, summary, metrics });

/**
 * Every model in use when the organisation started with Provenant went through its gate then, as any new version
 * does: the validation team re-ran each one's evaluations on the registered bytes, and the signers its tier asks for
 * approved it. Later versions reached staging the same way. Ordered by when each happened.
 */
const STEPS: Step[] = [
  {
    label: 'credit-scorecard-gbm@3.1.0', target: 'production', daysAgo: 70, evidence: live(creditEvidence(-0.009, 78), 'applications'), signers: 'both', justification: 'In production since May 2025; revalidated at onboarding: out-of-time AUC 0.79, parity 0.89, red-team review without critical findings.',
    stagingFirst: { daysAgo: 73, justification: 'In production since May 2025; re-registered at onboarding: out-of-time AUC 0.79 and robust to bureau noise.' },
  },
  {
    label: 'fraud-detector@3.1.0', target: 'production', daysAgo: 70, evidence: live(fraudEvidence(-0.02, 78), 'authorisations'), signers: 'both', justification: 'In production since 2024; revalidated at onboarding on held-out 2025 authorisations: alert precision 0.88, recall 0.72.',
    stagingFirst: { daysAgo: 73, justification: 'In production since 2024; re-registered at onboarding: alert precision 0.88 on held-out 2025 authorisations, robust to replayed bursts.' },
  },
  {
    label: 'assistant-orchestrator@2.0.0', target: 'production', daysAgo: 70, signers: 'risk officer', justification: 'Live in the app since September; revalidated at onboarding: faithful answers on 600 sampled questions, stable under paraphrase.',
    evidence: ranFrom(74, [
      performance('ragas 0.2', '600 sampled customer questions in EN/DE/FR with reference answers from the help centre.', { name: 'faithfulness', value: 0.93, threshold: 0.9, comparator: 'gte' }, { name: 'answer_relevancy', value: 0.88, threshold: 0.85, comparator: 'gte' }),
      robustness('ragas 0.2', 'The same questions paraphrased, misspelt and mixed between languages.', { name: 'faithfulness_drop_under_paraphrase', value: 0.02, threshold: 0.05, comparator: 'lte' }),
    ]),
  },
  {
    label: 'cash-forecaster@1.4.0', target: 'production', daysAgo: 69, signers: 'risk officer', justification: 'Forecasting branch cash since 2023; back-tested at onboarding over 2024-2025.',
    evidence: ranFrom(73, [performance('sktime 0.33 back-test', 'Rolling-origin back-test over 2024-2025, daily demand per branch.', { name: 'wmape', value: 0.091, threshold: 0.12, comparator: 'lte' })]),
  },
  {
    label: 'aml-alert-prioritiser@2.3.1', target: 'production', daysAgo: 69, signers: 'risk officer', justification: 'Ordering the alert queue since 2024; revalidated at onboarding on alerts with investigation outcomes.',
    evidence: ranFrom(72, [performance('mlflow-evaluate 2.14', 'Alerts of 2024 with investigation outcomes: share of confirmed cases in the top 30% of the queue.', { name: 'recall_at_top_30pct', value: 0.92, threshold: 0.9, comparator: 'gte' })]),
  },
  {
    label: 'doc-field-extractor@1.2.0', target: 'production', daysAgo: 68, signers: 'risk officer', justification: 'Extracting mortgage document fields since 2025; revalidated at onboarding on annotated documents.',
    evidence: ranFrom(71, [performance('extraction harness 1.4', '2,000 annotated payslips and bank statements, field-level F1.', { name: 'field_f1', value: 0.962, threshold: 0.95, comparator: 'gte' })]),
  },
  {
    label: 'claims-router@1.0.0', target: 'production', daysAgo: 68, signers: 'risk officer', justification: 'Routing motor claims since 2022, until the vendor platform takes over; revalidated at onboarding.',
    evidence: ranFrom(70, [performance('mlflow-evaluate 2.14', 'Motor claims of 2024 routed against adjusters’ final queues.', { name: 'macro_f1', value: 0.81, threshold: 0.75, comparator: 'gte' })]),
  },
  {
    label: 'cv-ranker@0.9.0', target: 'staging', daysAgo: 45, signers: 'risk officer', justification: 'First candidate for the recruiters’ pilot: shortlists close to recruiters’, stable when personal details are masked.',
    evidence: ranFrom(48, [
      performance('ranx 0.3', 'Recruiter-labelled shortlists of the 2024 graduate intake.', { name: 'ndcg_at_10', value: 0.74, threshold: 0.7, comparator: 'gte' }),
      robustness('perturbation suite 1.3', 'CVs with names, photos and addresses removed or swapped.', { name: 'rank_correlation_under_masking', value: 0.94, threshold: 0.9, comparator: 'gte' }),
    ]),
  },
  {
    label: 'aml-alert-prioritiser@2.4.0', target: 'staging', daysAgo: 44, signers: 'risk officer', justification: 'Retrained with 2025 typologies: more confirmed cases near the top of the queue.',
    evidence: ranFrom(46, [performance('mlflow-evaluate 2.14', 'Alerts of 2025 with investigation outcomes: share of confirmed cases in the top 30% of the queue.', { name: 'recall_at_top_30pct', value: 0.935, threshold: 0.9, comparator: 'gte' })]),
  },
  {
    label: 'assistant-orchestrator@2.1.0', target: 'staging', daysAgo: 20, signers: 'risk officer', justification: 'Retrieval over the new fee articles; answers more faithful on the sampled questions.',
    evidence: ranFrom(22, [performance('ragas 0.2', '600 sampled customer questions in EN/DE/FR with reference answers from the help centre.', { name: 'faithfulness', value: 0.95, threshold: 0.9, comparator: 'gte' }, { name: 'answer_relevancy', value: 0.9, threshold: 0.85, comparator: 'gte' })]),
  },
];

/** The assistant ships as prompts and retrieval configuration, which no model scanner reads: the limited tier's policy says so. */
const UNSCANNED_REASON = 'Limited-tier assistants ship as prompts and retrieval configuration, which no model scanner reads; the vendor model they call is assessed under its contract (model risk committee, onboarding).';

async function allowUnscannedForLimitedTier(people: OnboardingPeople) {
  for (const targetStage of ['staging', 'production'] as const) {
    const { rules } = (await currentPolicy(getDb(), 'limited', targetStage))!;
    await signInForScene(people.admin);
    const proposal = await proposePolicyChange(people.admin, { riskTier: 'limited', targetStage, reason: UNSCANNED_REASON, rules: ZPolicyRules.parse({ ...rules, allowUnscanned: true }) });
    await signInForScene(people.riskOfficer);
    await decidePolicyProposal(people.riskOfficer, { proposalId: proposal.id, decision: 'approve', comment: '', password: DEMO_PASSWORD });
  }
}

/** At onboarding the risk officer confirms every limited and minimal tier the owners chose, before any gate asks. */
async function confirmOnboardingTiers(people: OnboardingPeople, systemId: (name: string) => string) {
  await signInForScene(people.riskOfficer);
  for (const { name } of DEMO_SYSTEMS) {
    const system = first(await getDb().select({ riskTier: aiSystems.riskTier }).from(aiSystems).where(eq(aiSystems.id, systemId(name))).limit(1))!;
    if (needsTierConfirmation(system.riskTier)) await confirmSystemTier(people.riskOfficer, systemId(name), { riskTier: system.riskTier, password: DEMO_PASSWORD });
  }
}

/** Three days ago the code assistant began commenting on every merge request: its limited tier waits for Rita again. */
async function widenCodeAssistant(people: OnboardingPeople, systemId: (name: string) => string) {
  const name = 'Internal code assistant';
  const owner = people.ownerOfSystem(name);
  await signInForScene(owner);
  await updateSystem(owner, systemId(name), { deploymentContext: 'Engineering laptops via the IDE plug-in, and since this week a bot that reviews every merge request in the main repositories.' });
}

/**
 * The organisation's first weeks with Provenant: the risk officer confirms the lighter tiers owners chose, the limited
 * tier's policy learns about configuration-only releases, every model in use goes through its gate, the motor claims
 * system is retired (which archives its router), and later versions reach staging; lately, the code assistant's wider
 * use makes its tier wait for a confirmation again.
 */
export function onboardingScenes(people: OnboardingPeople, version: (label: string) => Version, systemId: (name: string) => string): Scene[] {
  return [
    { at: realNow() - 74 * DAY - 4 * 3_600_000, run: async () => await confirmOnboardingTiers(people, systemId) },
    { at: realNow() - 74 * DAY, run: async () => await allowUnscannedForLimitedTier(people) },
    ...STEPS.flatMap((step, i) => {
      // Through the working day, a little apart.
      const at = (daysAgo: number) => realNow() - daysAgo * DAY + (i % 3) * 53 * 60_000;
      const owner = people.ownerOf(step.label);
      if (step.stagingFirst) {
        return throughStaging(owner, people, version(step.label), step.evidence, { staging: at(step.stagingFirst.daysAgo), production: at(step.daysAgo) }, { staging: step.stagingFirst.justification, production: step.justification });
      }
      const signers = step.signers === 'both' ? [people.riskOfficer, people.securityReviewer] : [people.riskOfficer];
      return promotionScenes({ owner, signers, version: version(step.label), target: step.target, justification: step.justification, evidence: step.evidence, at: at(step.daysAgo) });
    }),
    { at: realNow() - 50 * DAY, run: async () => void (await retireSystem(people.ownerOf('claims-router@1.0.0'), systemId('Motor claims triage'), { reason: 'Replaced by the vendor claims platform.' })) },
    { at: realNow() - 3 * DAY + 2 * 3_600_000, run: async () => await widenCodeAssistant(people, systemId) },
  ];
}
