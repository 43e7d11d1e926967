import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { users, type Stage } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { createSystem } from '@/lib/inventory/create-system';
import { proposeRiskTier } from '@/lib/inventory/risk-questionnaire';
import { recordRun } from '@/lib/lineage/record-run';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { proposePolicyChange } from '@/lib/promotion/policy-proposals';
import { currentPolicy } from '@/lib/promotion/policy-queries';
import { ZPolicyRules } from '@/lib/promotion/policy-schemas';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { demoFileExtension, uploadDemoArtifacts } from './demo-artifacts';
import { realNow, replayHistory } from './demo-clock';
import { fraudGovernanceScenes, governanceScenes } from './seed-governance';
import { onboardingScenes } from './seed-onboarding';
import { oversightScenes } from './seed-oversight';
import { createUser } from '@/lib/users/create-user';
import { createDemoWebhookEndpoint, writeDemoWebhookLog } from '@/lib/webhooks/seed-demo-webhooks';
import { DEMO_DEPLOYMENTS, DEMO_PASSWORD, DEMO_RUNS, DEMO_SYSTEMS, DEMO_USERS, type DemoSystem } from './demo-data';
import { signInForScene } from './demo-sign-in';
import { ZChangeOwnPasswordInput, ZCreateUserInput } from '@/lib/users/schemas';
import { changeOwnPassword } from '@/lib/users/passwords';
import { signInWithPassword } from '@/lib/auth/sign-in';

const SEED = systemActor('demo seed');

const digestOf = (label: string) => createHash('sha256').update(label).digest('hex');

const DAY = 86_400_000;

/** A date people set (a review date), placed from the real now, whenever the scene that sets it is replayed. */
function daysFromNow(days: number) {
  return new Date(realNow() + days * DAY).toISOString().slice(0, 10);
}

type Ids = Map<string, string>;
/** label → digest of the bytes the demo uploaded; other versions declare a digest whose bytes were never uploaded. */
type Digests = Map<string, string>;
const versionDigest = (digests: Digests, label: string) => digests.get(label) ?? digestOf(label);

/** Pipelines that upload every build; other models' bytes arrive when a version is to go through a gate. */
const UPLOADING_PIPELINES = ['credit-scorecard-gbm', 'fraud-detector'];
const isUploaded = (model: string, version: { stage: Stage }) => version.stage !== 'development' || UPLOADING_PIPELINES.includes(model);

async function seedSystem(owner: Actor, data: DemoSystem, ids: Ids, digests: Digests) {
  const system = await createSystem(owner, {
    name: data.name,
    purpose: data.purpose,
    intendedUse: data.intendedUse,
    outOfScopeUses: data.outOfScopeUses,
    businessOwner: data.businessOwner,
    riskTier: data.tier?.riskTier ?? proposeRiskTier(data.answers).tier,
    riskAnswers: data.answers,
    riskOverrideReason: data.tier?.reason,
    lifecycleStatus: data.status === 'retired' ? 'active' : data.status,
    deploymentContext: data.deploymentContext,
    humanOversight: data.humanOversight,
    ...data.narrative,
    personalData: data.personalData,
    nextReviewDate: daysFromNow(data.reviewInDays),
    thirdParty: !!data.vendor,
    vendorName: data.vendor?.name ?? null,
    vendorContract: data.vendor?.contract ?? null,
    vendorDataShared: data.vendor?.dataShared ?? null,
  });
  ids.set(`system:${data.name}`, system.id);
  for (const m of data.models) {
    const model = await createModel(owner, { systemId: system.id, name: m.name, task: m.task, description: m.description });
    for (const mv of m.versions) {
      const version = await createModelVersion(owner, {
        modelId: model.id,
        version: mv.version,
        artifactSha256: versionDigest(digests, `${m.name}@${mv.version}`),
        artifactSize: mv.size,
        format: mv.format,
        uri: `s3://model-registry/${m.name}/${mv.version}/model.${demoFileExtension(mv.format)}`,
        license: mv.license,
        externalSource: mv.external?.source ?? null,
        externalRevision: mv.external?.revision ?? null,
      });
      ids.set(`${m.name}@${mv.version}`, version.id);
    }
  }
  for (const d of data.datasets) {
    const { versions, ...fields } = d;
    const dataset = await createDataset(owner, { ...fields, systemId: system.id });
    for (const label of versions) {
      const version = await createDatasetVersion(owner, dataset.id, { version: label, sha256: digestOf(`${d.namespace}/${d.name}@${label}`), uri: `${d.namespace}/${d.name}/${label}` });
      ids.set(`${d.name}@${label}`, version.id);
    }
  }
}

/** Runs and deployments write to a model version, which only its owners may: each is reported by its version's owner. */
function ownerOfVersion(actors: Map<string, Actor>, label: string): Actor {
  return actors.get(DEMO_SYSTEMS.find((s) => s.models.some((m) => label.startsWith(`${m.name}@`)))!.owner)!;
}

async function seedRuns(actors: Map<string, Actor>, ids: Ids) {
  const resolve = (labels: string[]) => labels.map((label) => ids.get(label)!);
  for (const { inputs, baseModels, outputs, ...run } of DEMO_RUNS) {
    await recordRun(ownerOfVersion(actors, outputs[0]!), { ...run, state: 'COMPLETE', inputDatasetVersionIds: resolve(inputs), baseModelVersionIds: resolve(baseModels), outputModelVersionIds: resolve(outputs), outputDatasetVersionIds: [] });
  }
}

/** Reports the demo deployments first reported `daysAgo`, keeping their ids by endpoint in `deployed`. */
async function seedDeployments(actors: Map<string, Actor>, ids: Ids, digests: Digests, deployed: Map<string, string>, daysAgo: number) {
  for (const { version, tamper, daysAgo: _, ...deployment } of DEMO_DEPLOYMENTS.filter((d) => d.daysAgo === daysAgo)) {
    const digest = tamper ? digestOf(`${version} (patched in place)`) : versionDigest(digests, version);
    deployed.set(deployment.endpoint, (await reportDeployment(ownerOfVersion(actors, version), { ...deployment, reportedSha256: digest, modelVersionId: ids.get(version) })).deployment.id);
  }
}

/**
 * A newcomer the administrator added today: a validation analyst whose risk officer role waits for Rita Chen to
 * confirm it (four eyes on who signs). They signed in with the temporary password and chose their own (the demo's),
 * as a role waits for that before anyone may confirm it.
 */
async function addValidationAnalyst(admin: Actor) {
  const email = 'priya.nair@example.com';
  const temporary = randomBytes(18).toString('base64url');
  const priya = await createUser(admin, ZCreateUserInput.parse({ email, name: 'Priya Nair', roles: ['risk_officer'], password: temporary }));
  const session = await signInWithPassword({ email, password: temporary }, { ip: null, userAgent: 'demo seed' });
  const person: Actor = { type: 'user', userId: priya.id, email, name: priya.name, roles: [], ip: null, userAgent: 'demo seed', sessionId: session!.sessionId };
  await changeOwnPassword(person, ZChangeOwnPasswordInput.parse({ current: temporary, password: DEMO_PASSWORD, confirm: DEMO_PASSWORD }));
}

/** A change awaiting the risk officer: the administrator asks the high-risk production gate for the training data in the lineage. */
async function proposeLineageRule(admin: Actor) {
  const { rules } = (await currentPolicy(getDb(), 'high', 'production'))!;
  await proposePolicyChange(admin, {
    riskTier: 'high',
    targetStage: 'production',
    reason: 'EU AI Act Art. 10: the data every high-risk model was trained on must be in the lineage before it reaches production (model risk committee, 2026-11-27).',
    rules: ZPolicyRules.parse({ ...rules, requireTrainingLineage: true }),
  });
}

/** The organisation as it was when it started using Provenant: people, systems, models, data and training runs. */
async function seedInventory() {
  await ensureDefaultPolicies(SEED);
  const actors = new Map<string, Actor>();
  for (const u of DEMO_USERS) {
    const created = await createUser(SEED, { ...u, password: DEMO_PASSWORD });
    actors.set(u.email, { type: 'user', userId: created.id, email: created.email, name: created.name, roles: created.roles, ip: null, userAgent: 'demo seed' });
  }
  const ids: Ids = new Map();
  const digests: Digests = new Map();
  for (const system of DEMO_SYSTEMS) {
    const uploaded = system.models.flatMap((m) => m.versions.filter((mv) => isUploaded(m.name, mv)).map((mv) => ({ label: `${m.name}@${mv.version}`, format: mv.format })));
    for (const [label, digest] of await uploadDemoArtifacts(actors.get(system.owner)!, uploaded)) digests.set(label, digest);
  }
  for (const system of DEMO_SYSTEMS) await seedSystem(actors.get(system.owner)!, system, ids, digests);
  await seedRuns(actors, ids);
  return { actors, ids, digests };
}

/** How long ago the demo organisation started: every scene of its history lies between then and now. */
const STARTED_DAYS_AGO = 75;

/**
 * Seeds the demo organisation once; returns false when the database already has users. Its history is replayed
 * scene by scene at the time each happened (demo-clock.ts): the inventory 75 days ago, the fraud detector's signed
 * promotion eight weeks ago and the credit scorecard's five weeks ago, deployments, findings, drift, an incident and a
 * review since, and today a proposed policy change; so every record, its timeline and the audit trail tell the same story.
 */
export async function seedDemo(): Promise<boolean> {
  const db = getDb();
  if ((first(await db.select({ n: count() }).from(users).limit(1))?.n ?? 0) > 0) return false;
  const { actors, ids, digests } = await replayedInventory();
  const owner = actors.get(DEMO_SYSTEMS[0]!.owner)!;
  const version = (label: string) => ({ id: ids.get(label)!, artifactSha256: versionDigest(digests, label) });
  const [riskOfficer, securityReviewer] = ['risk_officer', 'security_reviewer'].map((role) => [...actors.values()].find((a) => a.roles.length === 1 && a.roles[0] === role)!);
  const deployed = new Map<string, string>();
  const byEmail = (email: string) => actors.get(email)!;
  const admin = [...actors.values()].find((a) => a.roles.includes('admin'))!;
  let siem: { id: string } | null = null;
  await replayHistory([
    // The security team connects its SIEM before the first finding: each one raised since is in the endpoint's log.
    { at: realNow() - 60 * DAY, run: async () => void (siem = await createDemoWebhookEndpoint(admin)) },
    ...onboardingScenes({ admin, riskOfficer: riskOfficer!, securityReviewer: securityReviewer!, ownerOf: (label) => ownerOfVersion(actors, label), ownerOfSystem: (name) => actors.get(DEMO_SYSTEMS.find((s) => s.name === name)!.owner)! }, version, (name) => ids.get(`system:${name}`)!),
    ...fraudGovernanceScenes({ fraudOwner: byEmail('sam.okafor@example.com'), riskOfficer: riskOfficer!, securityReviewer: securityReviewer! }, version('fraud-detector@3.2.0')),
    ...governanceScenes({ owner, riskOfficer: riskOfficer!, securityReviewer: securityReviewer! }, version('credit-scorecard-gbm@3.2.0'), version('credit-scorecard-gbm@3.3.0')),
    ...[...new Set(DEMO_DEPLOYMENTS.map((d) => d.daysAgo))].map((days) => ({ at: realNow() - days * DAY, run: async () => void (await seedDeployments(actors, ids, digests, deployed, days)) })),
    ...oversightScenes(
      { fraudOwner: byEmail('sam.okafor@example.com'), creditOwner: owner, riskOfficer: riskOfficer! },
      {
        fraudSystemId: ids.get('system:Card fraud detection')!, fraudDeploymentId: () => deployed.get('https://fraud.internal/authorise')!,
        creditVersionId: ids.get('credit-scorecard-gbm@3.2.0')!, chatbotVersionId: ids.get('assistant-orchestrator@2.0.0')!,
      },
    ),
  ]);
  await signInForScene(admin);
  await writeDemoWebhookLog(admin, siem!.id);
  await proposeLineageRule(admin);
  await addValidationAnalyst(admin);
  return true;
}

async function replayedInventory() {
  let seeded: Awaited<ReturnType<typeof seedInventory>> | undefined;
  await replayHistory([{ at: realNow() - STARTED_DAYS_AGO * DAY, run: async () => void (seeded = await seedInventory()) }]);
  return seeded!;
}
