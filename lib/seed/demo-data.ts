import type { LifecycleStatus, ModelFormat, RiskTier, Role, Stage } from '@/db/schema';
import type { RiskAnswers } from '@/lib/inventory/risk-questionnaire';

export const DEMO_PASSWORD = 'provenant-demo-2026';

export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: 'alex.morgan@example.com', name: 'Alex Morgan', roles: ['admin'] },
  { email: 'dana.whitfield@example.com', name: 'Dana Whitfield', roles: ['data_scientist'] },
  { email: 'sam.okafor@example.com', name: 'Sam Okafor', roles: ['data_scientist'] },
  { email: 'rita.chen@example.com', name: 'Rita Chen', roles: ['risk_officer'] },
  { email: 'sebastian.kowalski@example.com', name: 'Sebastian Kowalski', roles: ['security_reviewer'] },
  { email: 'aude.laurent@example.com', name: 'Aude Laurent', roles: ['auditor'] },
];

/** The formats of the demo's models (it has no GGUF one). */
export type DemoFormat = Exclude<ModelFormat, 'gguf'>;

type DemoVersion = { version: string; stage: Stage; format: DemoFormat; size: number; license: string; external?: { source: string; revision: string } };
type DemoModel = { name: string; task: string; description: string; versions: DemoVersion[] };
type DemoDataset = { namespace: string; name: string; description: string; license: string; personalData: boolean; provenance: string; versions: string[] };

export type DemoSystem = {
  owner: string;
  name: string;
  purpose: string;
  intendedUse: string;
  outOfScopeUses: string;
  businessOwner: string;
  answers: RiskAnswers;
  /** A tier above the questionnaire's, chosen by the organisation, with its reason. */
  tier?: { riskTier: RiskTier; reason: string };
  status: LifecycleStatus;
  deploymentContext: string;
  humanOversight: string;
  /** The AI Card's narrative: a high-risk system's production policy asks for it, with the fields above. */
  narrative?: { limitations: string; ethicalConsiderations: string; recommendations: string };
  personalData: boolean;
  reviewInDays: number;
  vendor?: { name: string; contract: string; dataShared: string };
  models: DemoModel[];
  datasets: DemoDataset[];
};

const v = (version: string, stage: Stage, format: DemoFormat = 'safetensors', size = 48_000_000, license = 'Proprietary'): DemoVersion => ({ version, stage, format, size, license });

export const DEMO_SYSTEMS: DemoSystem[] = [
  {
    owner: 'dana.whitfield@example.com',
    name: 'Retail credit scoring',
    purpose: 'Estimates the probability of default of retail loan applicants to support credit decisions.',
    intendedUse: 'Decision support for unsecured personal loans up to EUR 50,000; final decision by a credit officer.',
    outOfScopeUses: 'Mortgages, business lending, automated rejection without human review.',
    businessOwner: 'Head of Retail Credit Risk',
    answers: { essential_services: true },
    status: 'active',
    deploymentContext: 'Loan origination platform, EU retail branches and online channel.',
    humanOversight: 'Credit officers review every decline and every score within 5 points of the cut-off.',
    narrative: {
      limitations:
        'Calibrated on 2019-2025 EU retail applications; not validated for applicants with thin credit files (fewer than two bureau trade lines), for whom the score is withheld. Performance degrades when bureau data is older than 90 days.',
      ethicalConsiderations:
        'Uses no protected attributes directly; postcode is excluded as a proxy for ethnicity. Approval-rate parity across age bands and sex is monitored monthly against a 0.8 ratio.',
      recommendations: 'Use as decision support only; credit officers review every decline. Re-validate after any change to bureau data or the cut-off.',
    },
    personalData: true,
    reviewInDays: 12,
    // Each version's stage is where its history leaves it; only signed promotions (and a retirement) move a stage, in the
    // scenes of seed-onboarding.ts and seed-governance.ts. 3.1.0 served until 3.2.0's promotion archived it, five weeks ago.
    models: [
      { name: 'credit-scorecard-gbm', task: 'binary classification', description: 'Gradient-boosted scorecard on bureau and application data.', versions: [v('3.1.0', 'archived'), v('3.2.0', 'production'), v('3.3.0', 'staging'), v('3.4.0-rc1', 'development')] },
    ],
    datasets: [
      { namespace: 's3://risk-data', name: 'bureau/retail_applications', description: 'Loan applications joined with credit bureau attributes.', license: 'Internal', personalData: true, provenance: 'Core banking extracts and bureau feed, 2019-2025.', versions: ['2025-06', '2025-12'] },
    ],
  },
  {
    owner: 'sam.okafor@example.com',
    name: 'Card fraud detection',
    purpose: 'Scores card transactions in real time for fraud and triggers step-up authentication.',
    intendedUse: 'Card-not-present and card-present authorisations on debit and credit cards.',
    outOfScopeUses: 'Account closure decisions; AML investigations.',
    businessOwner: 'Head of Fraud Operations',
    answers: {},
    // Fraud detection is outside Annex III (point 5(b)); the bank holds it to the high tier because it blocks payments.
    tier: { riskTier: 'high', reason: 'Held to the high tier by the model-risk policy: it declines customers’ payments in real time.' },
    status: 'active',
    deploymentContext: 'Authorisation switch, p99 latency budget 40 ms.',
    humanOversight: 'Fraud analysts review blocked transactions; customers can confirm via app.',
    narrative: {
      limitations: 'Trained on card payments of EU-issued cards; recall is lower for merchants first seen in the last 30 days and for wallet tokens introduced since 2025. Labels mature only after 90 days of chargebacks.',
      ethicalConsiderations: 'A false decline locks a customer out of paying: decline rates of legitimate payments are compared across age bands and regions, and customers can confirm a blocked payment in the app at once.',
      recommendations: 'Keep step-up authentication, not outright decline, for scores between the alert and block thresholds. Re-validate after a new payment method or a change of the alert threshold.',
    },
    personalData: true,
    reviewInDays: 45,
    models: [{ name: 'fraud-detector', task: 'anomaly scoring', description: 'Sequence model over transaction histories.', versions: [v('3.1.0', 'archived', 'pytorch'), v('3.2.0', 'production', 'safetensors'), v('3.3.0', 'development')] }],
    datasets: [{ namespace: 'kafka://payments', name: 'card_authorisations', description: 'Labelled authorisation stream with chargeback outcomes.', license: 'Internal', personalData: true, provenance: 'Payment switch events with 90-day chargeback labels.', versions: ['2025-q3', '2025-q4'] }],
  },
  {
    owner: 'dana.whitfield@example.com',
    name: 'CV screening assistant',
    purpose: 'Ranks job applications against role requirements for recruiters.',
    intendedUse: 'Shortlisting support for graduate and operations roles.',
    outOfScopeUses: 'Final hiring decisions, executive roles, automated rejection.',
    businessOwner: 'Chief People Officer',
    answers: { employment: true },
    status: 'development',
    deploymentContext: 'Applicant tracking system, EU and UK.',
    humanOversight: 'Recruiters see the ranking with explanations and review every candidate.',
    narrative: {
      limitations: 'Validated on English-language CVs for graduate and operations roles only; CVs in other languages or with unusual layouts rank lower because parsing loses content.',
      ethicalConsiderations: 'Names, photos, ages and addresses are removed before ranking; selection rates by sex and age band are compared with the 4/5 rule before every release.',
      recommendations: 'Use the ranking to order reading, never to reject: recruiters read every application. Re-validate for each new role family.',
    },
    personalData: true,
    reviewInDays: -5,
    models: [
      { name: 'cv-ranker', task: 'ranking', description: 'Fine-tuned cross-encoder over CV and job description pairs.', versions: [v('0.9.0', 'staging', 'safetensors', 420_000_000, 'Apache-2.0'), v('1.0.0-rc1', 'development', 'safetensors', 420_000_000, 'Apache-2.0')] },
      { name: 'deberta-v3-base', task: 'foundation encoder', description: 'External pre-trained encoder the ranker is fine-tuned from.', versions: [{ ...v('hf-8ccc9b6', 'development', 'safetensors', 737_000_000, 'MIT'), external: { source: 'huggingface.co/microsoft/deberta-v3-base', revision: '8ccc9b6' } }] },
    ],
    datasets: [{ namespace: 'postgres://ats', name: 'applications_2021_2025', description: 'Historical applications with anonymised outcomes.', license: 'Internal', personalData: true, provenance: 'ATS export, pseudonymised by HR analytics.', versions: ['v1'] }],
  },
  {
    owner: 'sam.okafor@example.com',
    name: 'Customer service chatbot',
    purpose: 'Answers customer questions about accounts, cards and fees in the mobile app.',
    intendedUse: 'Informational answers with links to help articles; hands over to an agent on request.',
    outOfScopeUses: 'Financial advice, complaints handling, authentication.',
    businessOwner: 'Head of Digital Channels',
    answers: { interacts_with_people: true, synthetic_content: true, general_purpose_model: true },
    status: 'active',
    deploymentContext: 'Mobile app and website chat, EN/DE/FR.',
    humanOversight: 'Live agent hand-over; weekly review of sampled conversations.',
    personalData: true,
    reviewInDays: 20,
    vendor: { name: 'Meridian Language Cloud', contract: 'MSA-2025-114, DPA signed 2025-03-01', dataShared: 'Conversation text, no account numbers (masked before sending).' },
    models: [{ name: 'assistant-orchestrator', task: 'retrieval-augmented generation', description: 'Prompting and retrieval layer around the vendor LLM.', versions: [v('2.0.0', 'production', 'other', 2_000_000, 'Proprietary'), v('2.1.0', 'staging', 'other', 2_100_000, 'Proprietary')] }],
    datasets: [{ namespace: 'confluence://help', name: 'help_centre_articles', description: 'Published help-centre articles used for retrieval.', license: 'Internal', personalData: false, provenance: 'Exported nightly from the help centre CMS.', versions: ['2025-11-30'] }],
  },
  {
    owner: 'dana.whitfield@example.com',
    name: 'Branch cash demand forecasting',
    purpose: 'Forecasts daily cash demand per branch and ATM to plan cash-in-transit.',
    intendedUse: 'Operations planning for cash logistics.',
    outOfScopeUses: 'Staffing decisions.',
    businessOwner: 'Head of Branch Operations',
    answers: {},
    status: 'active',
    deploymentContext: 'Weekly batch, results in the logistics planner.',
    humanOversight: 'Planners can override any forecast.',
    personalData: false,
    reviewInDays: 120,
    models: [{ name: 'cash-forecaster', task: 'time-series forecasting', description: 'Hierarchical gradient-boosted forecaster.', versions: [v('1.4.0', 'production', 'pickle', 12_000_000), v('1.5.0', 'development', 'onnx', 9_000_000)] }],
    datasets: [{ namespace: 'snowflake://ops', name: 'atm_withdrawals_daily', description: 'Daily withdrawals per ATM and branch.', license: 'Internal', personalData: false, provenance: 'ATM switch aggregates.', versions: ['2025-10'] }],
  },
  {
    owner: 'sam.okafor@example.com',
    name: 'AML transaction monitoring',
    purpose: 'Prioritises transaction-monitoring alerts for anti-money-laundering investigators.',
    intendedUse: 'Alert triage for the financial intelligence unit.',
    outOfScopeUses: 'Automatic filing of suspicious activity reports.',
    businessOwner: 'MLRO',
    answers: {},
    status: 'active',
    deploymentContext: 'Daily batch over the AML case-management system.',
    humanOversight: 'Investigators decide on every alert; the score only orders the queue.',
    personalData: true,
    // Its owner set the first review date at registration; nobody has reviewed it since, so it is overdue.
    reviewInDays: -9,
    models: [{ name: 'aml-alert-prioritiser', task: 'binary classification', description: 'Gradient-boosted model over alert features.', versions: [v('2.3.1', 'production', 'onnx'), v('2.4.0', 'staging', 'onnx')] }],
    datasets: [],
  },
  {
    owner: 'dana.whitfield@example.com',
    name: 'Life insurance underwriting',
    purpose: 'Proposes risk classes and premiums for term life insurance applications.',
    intendedUse: 'Underwriter support for policies up to EUR 500,000.',
    outOfScopeUses: 'Health insurance, group policies.',
    businessOwner: 'Chief Underwriting Officer',
    answers: { essential_services: true },
    status: 'development',
    deploymentContext: 'Underwriting workbench, insurance subsidiary.',
    humanOversight: 'Underwriters confirm every proposed class.',
    narrative: {
      limitations: 'Trained on term life applications of 2015-2025 from one insurer; applicants over 70 and sums above EUR 500,000 are out of its data and referred to an underwriter.',
      ethicalConsiderations: 'Medical questionnaire answers are special-category data: access is limited to underwriting, and premiums are checked for unjustified differences by sex as Test-Achats requires.',
      recommendations: 'Underwriters confirm or change every proposed class; re-validate when the medical questionnaire changes.',
    },
    personalData: true,
    reviewInDays: 90,
    models: [{ name: 'mortality-risk-classifier', task: 'multiclass classification', description: 'Risk-class classifier on application and medical questionnaire data.', versions: [v('0.4.0', 'development', 'safetensors')] }],
    datasets: [{ namespace: 's3://insurance-data', name: 'term_life_applications', description: 'Applications with underwriting outcomes.', license: 'Internal', personalData: true, provenance: 'Policy administration system, 2015-2025.', versions: ['2025-09'] }],
  },
  {
    owner: 'sam.okafor@example.com',
    name: 'Mortgage document extraction',
    purpose: 'Extracts fields from payslips and bank statements submitted with mortgage applications.',
    intendedUse: 'Pre-filling application data for processors to confirm.',
    outOfScopeUses: 'Fraud or creditworthiness decisions.',
    businessOwner: 'Head of Mortgage Operations',
    answers: {},
    status: 'active',
    deploymentContext: 'Document intake pipeline.',
    humanOversight: 'Processors confirm every extracted field.',
    personalData: true,
    reviewInDays: 150,
    models: [{ name: 'doc-field-extractor', task: 'document understanding', description: 'Layout-aware transformer fine-tuned on annotated documents.', versions: [v('1.2.0', 'production', 'safetensors', 510_000_000, 'MIT'), v('1.3.0', 'development', 'safetensors', 510_000_000, 'MIT')] }],
    datasets: [],
  },
  {
    owner: 'dana.whitfield@example.com',
    name: 'Marketing next-best-offer',
    purpose: 'Recommends the next product offer shown to customers in online banking.',
    intendedUse: 'Personalised banners for existing customers who consented to marketing.',
    outOfScopeUses: 'Credit limit increases, pricing.',
    businessOwner: 'Head of CRM',
    answers: {},
    status: 'planned',
    deploymentContext: 'Online banking, customers with marketing consent.',
    humanOversight: 'Campaign managers approve offer catalogues.',
    personalData: true,
    reviewInDays: 200,
    models: [],
    datasets: [],
  },
  {
    owner: 'sam.okafor@example.com',
    name: 'Agent emotion monitoring',
    purpose: 'Proposed: infer call-centre agents’ emotions from voice to flag burnout.',
    intendedUse: 'Under legal review; not to be built while classified prohibited.',
    outOfScopeUses: 'Everything until legal review concludes.',
    businessOwner: 'Head of Customer Operations',
    answers: { emotion_workplace: true },
    status: 'planned',
    deploymentContext: 'None: proposal only.',
    humanOversight: 'Not applicable.',
    personalData: true,
    reviewInDays: 7,
    models: [],
    datasets: [],
  },
  {
    owner: 'dana.whitfield@example.com',
    name: 'Internal code assistant',
    purpose: 'Suggests code completions and reviews for engineers in the IDE.',
    intendedUse: 'Internal software development.',
    outOfScopeUses: 'Production changes without review, handling customer data in prompts.',
    businessOwner: 'CTO',
    answers: { synthetic_content: true, general_purpose_model: true },
    status: 'active',
    deploymentContext: 'Engineering laptops via the IDE plug-in.',
    humanOversight: 'All suggestions go through code review.',
    personalData: false,
    reviewInDays: 75,
    vendor: { name: 'Meridian Language Cloud', contract: 'MSA-2025-114 addendum 2', dataShared: 'Source code snippets from internal repositories.' },
    models: [],
    datasets: [],
  },
  {
    owner: 'sam.okafor@example.com',
    name: 'Motor claims triage',
    purpose: 'Routes motor insurance claims to fast-track or adjuster review using photos and claim text.',
    intendedUse: 'Claims routing; no claim is refused by the model.',
    outOfScopeUses: 'Claim denial, fraud accusations.',
    businessOwner: 'Head of Claims',
    answers: {},
    status: 'retired',
    deploymentContext: 'Claims portal (retired in favour of the vendor solution).',
    humanOversight: 'Adjusters handled all non-fast-track claims.',
    personalData: true,
    reviewInDays: 300,
    models: [{ name: 'claims-router', task: 'classification', description: 'Multimodal classifier.', versions: [v('1.0.0', 'archived', 'pytorch')] }],
    datasets: [],
  },
];

/** Demo lineage: runs by their inputs and outputs ("model@version", "dataset@version"), and services reporting digests. */
export const DEMO_RUNS = [
  { externalRunId: 'mlflow-7f3a9c21d4e84b0f', jobNamespace: 'risk-ml', jobName: 'train_credit_scorecard', codeRepository: 'git.example.com/risk/credit-scorecard', codeCommit: '4e1d2c9a7b3f', parameters: { learning_rate: 0.05, max_depth: 6, n_estimators: 800 }, inputs: ['bureau/retail_applications@2025-06'], baseModels: [], outputs: ['credit-scorecard-gbm@3.2.0'] },
  { externalRunId: 'mlflow-0b8e61f2a9c34d17', jobNamespace: 'risk-ml', jobName: 'train_credit_scorecard', codeRepository: 'git.example.com/risk/credit-scorecard', codeCommit: '9a0f5e3b2c11', parameters: { learning_rate: 0.04, max_depth: 6, n_estimators: 1000 }, inputs: ['bureau/retail_applications@2025-12'], baseModels: [], outputs: ['credit-scorecard-gbm@3.3.0'] },
  { externalRunId: 'mlflow-e2c47a90b15d3f68', jobNamespace: 'risk-ml', jobName: 'train_credit_scorecard', codeRepository: 'git.example.com/risk/credit-scorecard', codeCommit: 'b71c04de5a29', parameters: { learning_rate: 0.035, max_depth: 7, n_estimators: 1200 }, inputs: ['bureau/retail_applications@2025-12'], baseModels: [], outputs: ['credit-scorecard-gbm@3.4.0-rc1'] },
  { externalRunId: 'ol-3c2d1e0f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', jobNamespace: 'fraud-ml', jobName: 'train_fraud_sequence_model', codeRepository: 'git.example.com/fraud/detector', codeCommit: 'c0ffee12ab34', parameters: { epochs: 12, hidden_size: 256 }, inputs: ['card_authorisations@2025-q4'], baseModels: [], outputs: ['fraud-detector@3.2.0'] },
  { externalRunId: 'mlflow-5d4c3b2a19f08e7d', jobNamespace: 'people-analytics', jobName: 'finetune_cv_ranker', codeRepository: 'git.example.com/hr/cv-ranker', codeCommit: '77aa31be90c2', parameters: { epochs: 3, lr: 2e-5 }, inputs: ['applications_2021_2025@v1'], baseModels: ['deberta-v3-base@hf-8ccc9b6'], outputs: ['cv-ranker@0.9.0'] },
];

/** What the services report they run, and when each first reported (after its version was approved for the environment). */
export const DEMO_DEPLOYMENTS = [
  { environment: 'production' as const, endpoint: 'https://credit-scoring.internal/v3/score', version: 'credit-scorecard-gbm@3.2.0', tamper: false, daysAgo: 34 },
  { environment: 'production' as const, endpoint: 'https://fraud.internal/authorise', version: 'fraud-detector@3.2.0', tamper: false, daysAgo: 34 },
  { environment: 'production' as const, endpoint: 'https://cash-planner.internal/forecast', version: 'cash-forecaster@1.4.0', tamper: true, daysAgo: 34 },
  { environment: 'production' as const, endpoint: 'https://assistant.internal/v2/chat', version: 'assistant-orchestrator@2.0.0', tamper: false, daysAgo: 34 },
  { environment: 'production' as const, endpoint: 'https://aml-triage.internal/batch', version: 'aml-alert-prioritiser@2.3.1', tamper: false, daysAgo: 34 },
  { environment: 'production' as const, endpoint: 'https://mortgage-docs.internal/extract', version: 'doc-field-extractor@1.2.0', tamper: false, daysAgo: 34 },
  { environment: 'staging' as const, endpoint: 'https://credit-scoring.staging.internal/v3/score', version: 'credit-scorecard-gbm@3.3.0', tamper: false, daysAgo: 29 },
];
