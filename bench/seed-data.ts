import type { LifecycleStatus, ModelFormat, RiskTier } from '@/db/schema';

/** Deterministic PRNG (mulberry32): every bench run seeds the same inventory, so runs compare. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

type Domain = { use: string; purpose: string; tier: RiskTier; owner: string; slug: string; vendor?: string };

/** Business uses of AI at a bank or insurer; the tier is what the questionnaire would usually propose. */
export const DOMAINS: Domain[] = [
  { use: 'Retail credit scoring', slug: 'credit', tier: 'high', owner: 'Head of Retail Credit Risk', purpose: 'Estimates the probability of default of retail loan applicants.' },
  { use: 'SME lending decisioning', slug: 'sme-credit', tier: 'high', owner: 'Head of Business Banking Risk', purpose: 'Scores small-business loan applications from accounts and cash-flow data.' },
  { use: 'Card fraud detection', slug: 'fraud', tier: 'limited', owner: 'Head of Fraud Operations', purpose: 'Flags card transactions that are likely fraudulent for real-time blocking.' },
  { use: 'AML transaction monitoring', slug: 'aml', tier: 'limited', owner: 'Money Laundering Reporting Officer', purpose: 'Prioritises alerts on transaction patterns that suggest money laundering.' },
  { use: 'Motor claims triage', slug: 'claims', tier: 'limited', owner: 'Head of Claims', purpose: 'Routes motor insurance claims to fast-track, desk review or field inspection.' },
  { use: 'Life insurance underwriting', slug: 'underwriting', tier: 'high', owner: 'Chief Underwriting Officer', purpose: 'Proposes risk classes for life and health insurance applicants.' },
  { use: 'CV screening', slug: 'cv', tier: 'high', owner: 'Head of Talent Acquisition', purpose: 'Ranks job applications against role requirements for recruiter review.' },
  { use: 'Customer service chatbot', slug: 'chatbot', tier: 'limited', owner: 'Head of Digital Channels', purpose: 'Answers customer questions about accounts and products in the app.', vendor: 'OpenAI' },
  { use: 'Call summarisation', slug: 'summaries', tier: 'limited', owner: 'Head of Contact Centre', purpose: 'Summarises recorded service calls for the customer file.', vendor: 'Anthropic' },
  { use: 'Branch cash demand forecasting', slug: 'cash-forecast', tier: 'minimal', owner: 'Head of Branch Operations', purpose: 'Forecasts cash needs of branches and ATMs for the next two weeks.' },
  { use: 'Document OCR and classification', slug: 'ocr', tier: 'minimal', owner: 'Head of Operations', purpose: 'Extracts fields from scanned forms and routes documents to queues.', vendor: 'Google Cloud' },
  { use: 'Churn prediction', slug: 'churn', tier: 'minimal', owner: 'Head of Customer Analytics', purpose: 'Predicts which customers are likely to close their accounts next quarter.' },
  { use: 'Marketing next best offer', slug: 'nbo', tier: 'minimal', owner: 'Chief Marketing Officer', purpose: 'Chooses which product offer to show a customer in digital channels.' },
  { use: 'Workplace emotion recognition', slug: 'emotion', tier: 'prohibited', owner: 'Head of Workforce Analytics', purpose: 'Infers the emotions of contact-centre staff from their voice (banned use; kept for the record).' },
  { use: 'Code review assistant', slug: 'code-assist', tier: 'minimal', owner: 'Chief Technology Officer', purpose: 'Suggests review comments on internal pull requests.', vendor: 'GitHub' },
];

export const REGIONS = ['EU', 'UK', 'DACH', 'Nordics', 'Iberia', 'Benelux', 'France', 'Italy', 'CEE', 'US'] as const;
export const TIERS: RiskTier[] = ['prohibited', 'high', 'limited', 'minimal'];
export const STATUSES: LifecycleStatus[] = ['planned', 'development', 'active', 'active', 'active', 'retired'];
export const ALGORITHMS = ['gbm', 'logit', 'xgboost', 'graph-nn', 'transformer', 'lstm', 'rules-ensemble', 'llm-adapter'] as const;
export const FORMATS: ModelFormat[] = ['safetensors', 'safetensors', 'onnx', 'onnx', 'pytorch', 'gguf', 'pickle', 'other'];
export const LICENSES = ['Proprietary', 'Apache-2.0', 'MIT', 'Llama 3.1 Community', 'CC-BY-4.0'] as const;

export const FIRST_NAMES = ['Noor', 'Lukas', 'Ines', 'Mateo', 'Freya', 'Tomasz', 'Chiara', 'Kwame', 'Elif', 'Jonas', 'Priya', 'Oscar', 'Mei', 'Hugo', 'Zofia', 'Yusuf', 'Clara', 'Ravi'] as const;
export const LAST_NAMES = ['Haddad', 'Becker', 'Santos', 'Rossi', 'Lindqvist', 'Nowak', 'Mensah', 'Yilmaz', 'Dubois', 'Kumar', 'Jensen', 'Tanaka'] as const;
