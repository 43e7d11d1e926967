import { LIFECYCLE_STATUSES, RISK_TIERS } from '@/db/schema/vocabulary';
import { formatCsvRow } from '@/lib/exports/csv';

/**
 * The columns of an AI system register a bank brings along (a spreadsheet saved as CSV), matched by header, whatever
 * the case. Each takes its name here first, then the header Provenant's own inventory export gives it, so one
 * Provenant's export imports into another. Other columns are ignored and named in the answer.
 */
export const REGISTER_COLUMNS = [
  { field: 'name', headers: ['System', 'Name'], required: true, hint: 'The system’s name, unique in the register.' },
  { field: 'purpose', headers: ['Purpose'], required: true, hint: 'What it decides or produces, for whom.' },
  { field: 'riskTier', headers: ['Risk tier'], required: true, hint: RISK_TIERS.join(', ') },
  { field: 'ownerEmail', headers: ['Owner email', 'Technical owner email'], required: true, hint: 'An active data scientist’s email: the owner registers its models.' },
  { field: 'lifecycleStatus', headers: ['Lifecycle status'], required: false, hint: `${LIFECYCLE_STATUSES.filter((s) => s !== 'retired').join(', ')}; planned when empty` },
  { field: 'intendedUse', headers: ['Intended use'], required: false, hint: 'What it is meant for, and for whom.' },
  { field: 'outOfScopeUses', headers: ['Out-of-scope uses'], required: false, hint: 'Uses it must not be put to.' },
  { field: 'businessOwner', headers: ['Business owner'], required: false, hint: 'A name or a team.' },
  { field: 'deploymentContext', headers: ['Deployment context'], required: false, hint: 'Where it runs and whom it reaches.' },
  { field: 'humanOversight', headers: ['Human oversight'], required: false, hint: 'Who checks its outputs, and how.' },
  { field: 'personalData', headers: ['Personal data'], required: false, hint: 'yes or no' },
  { field: 'generalPurposeModel', headers: ['General-purpose model'], required: false, hint: 'yes or no' },
  { field: 'vendorName', headers: ['Vendor', 'Third-party vendor'], required: false, hint: 'The supplier of a third-party system; empty when built in house.' },
  { field: 'nextReviewDate', headers: ['Next review date'], required: false, hint: 'YYYY-MM-DD' },
  { field: 'limitations', headers: ['Limitations'], required: false, hint: 'What it is known not to do well.' },
] as const;

export type RegisterField = (typeof REGISTER_COLUMNS)[number]['field'];

/** A register is imported whole in one transaction: these bound what one file may ask. */
export const REGISTER_LIMITS = { bytes: 2 * 1024 * 1024, rows: 1000, issuesShown: 200 };

/**
 * The template offered for download: the header row and one example row, as the inventory export writes CSV. The
 * example names a real owner (`ownerEmail`), so the template checks out as it is downloaded.
 */
export function registerTemplateCsv(ownerEmail: string) {
  const example: Record<RegisterField, string> = {
    name: 'Example: retail credit scoring',
    purpose: 'Scores consumer loan applications for the credit committee.',
    riskTier: 'high',
    ownerEmail,
    lifecycleStatus: 'active',
    intendedUse: 'Decision support for loan officers; never a sole decision.',
    outOfScopeUses: 'Small-business lending.',
    businessOwner: 'Head of Retail Credit',
    deploymentContext: 'Branch and online applications in the EU.',
    humanOversight: 'A loan officer reviews every decline.',
    personalData: 'yes',
    generalPurposeModel: 'no',
    vendorName: '',
    nextReviewDate: '2027-06-30',
    limitations: 'Not validated for applicants with under six months of credit history.',
  };
  return `\uFEFF${formatCsvRow(REGISTER_COLUMNS.map((c) => c.headers[0]))}${formatCsvRow(REGISTER_COLUMNS.map((c) => example[c.field]))}`;
}
