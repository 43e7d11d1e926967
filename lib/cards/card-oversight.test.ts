import Ajv2020 from 'ajv/dist/2020';
import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { recordMonitoring } from '@/lib/monitoring/record-monitoring';
import { renderCardPdf } from '@/lib/pdf/card/render-card-pdf';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { buildSnapshot } from '@/lib/promotion/snapshot';
import { newSystemWithModel, newVersion, oversightWorld, PASSWORD, type World } from '@/lib/reviews/oversight-fixtures';
import { DRIFTED, driftBatch, oversightScenario, STEADY } from './oversight-scenario';
import { ANNEX_IV_COVERAGE, CARD_SECTIONS } from './annex-iv';
import { cardExportJsonSchema, toCardExport } from './card-export';
import { loadCard, type CardView } from './load-card';
import { loadSystemCard } from './load-system-card';
import { OVERSIGHT_LIST_LIMIT } from './oversight-findings';
import { findingGroupTexts } from './oversight-text';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { ZRaiseFindingInput } from '@/lib/findings/schemas';
import { bomErrors } from './bom-validation';
import { renderCardCycloneDx } from './render-cyclonedx';
import { renderCardMarkdown } from './render-markdown';

let world: World;
let view: CardView;
let md: string;
let ids: Awaited<ReturnType<typeof oversightScenario>>['ids'];

beforeAll(async () => {
  ({ world, ids } = await oversightScenario('oversight-card'));
  view = await loadCard(world.ds, ids.version);
  md = renderCardMarkdown(view);
}, 120_000);

describe('the AI Card’s oversight sections', () => {
  it('shows the drift breach computed from histograms against the rule, though the pipeline said no drift', () => {
    const series = view.oversight!.monitoring.find((s) => s.metric === 'psi');
    expect(series).toMatchObject({ metric: 'psi', feature: 'amount', valueSource: 'computed', reportedValue: 0.02, breach: true, breachSeverity: 'high', contradictsProducer: true, points: 1 });
    expect(series!.computedPsi).toBeGreaterThan(1);
    expect(series!.rules.map((r) => [r.comparator, r.threshold, r.severity])).toEqual(expect.arrayContaining([['gte', 0.25, 'high']]));
    expect(md).toMatch(/\| psi on amount \| 1\.0\d+ computed from histograms \(JS [\d.]+\) \| 0\.02 \| breach when ≥ 0\.1 \(medium\) or ≥ 0\.25 \(high\), over \d+ days \| \*\*High breach \(the pipeline reported no drift\)\*\* \|/);
  });

  it('lists active, accepted and recently closed findings with owner, due date and the closure evidence and signature', () => {
    const { active, accepted, recentlyClosed } = view.oversight!.findings;
    // PSI and JS distance both breach (one finding per series), the serious incident raised one on the system, and the
    // review signed with conditions tracks them as one.
    expect(active.map((f) => [f.type, f.subject.type]).sort()).toEqual([['approval_condition', 'system'], ['incident', 'system'], ['monitoring_breach', 'model_version'], ['monitoring_breach', 'model_version']]);
    expect(active.find((f) => f.id === ids.breach)).toMatchObject({ severity: 'high', owner: world.ds.name, dueDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(accepted).toMatchObject([{ id: ids.waived, waiver: { signedBy: world.ro.name, role: 'risk_officer' } }]);
    expect(recentlyClosed).toMatchObject([{ id: ids.closed, closure: { closedBy: world.ro.name, evidence: expect.stringContaining('VR-88'), role: 'risk_officer', meaning: expect.stringMatching(/^I /) } }]);
    expect(md).toContain('| Threshold re-derived on 2026-Q4 data; validation report VR-88. |');
    expect(md).toMatch(/### Active \(4\)\n\n\| Ref \| Severity \|/);
  });

  it('puts the active and accepted findings of the version in the digest, without their occurrences', () => {
    const frozen = view.content.findings!;
    expect(frozen.map((f) => f.status)).toEqual(['open', 'open', 'accepted']);
    expect(frozen.map((f) => f.id)).toEqual(expect.arrayContaining([ids.breach, ids.waived]));
    expect(frozen.every((f) => f.subject.type === 'model_version')).toBe(true);
    expect(JSON.stringify(view.content.findings)).not.toMatch(/occurrences|lastSeenAt/);
  });

  it('shows the waiver with justification, controls, expiry and signer, the signed review and the incident with its clock and timeline', () => {
    expect(view.oversight!.waivers).toMatchObject([{ findingId: ids.waived, justification: 'Weekend volume is 3% of decisions.', compensatingControls: 'Analysts review every weekend decline.', endedAt: null }]);
    expect(md).toMatch(/In force, expires \d{4}-\d\d-\d\d \(in [45] days\)/);
    expect(view.oversight!.review).toMatchObject({ overdue: false, last: { outcome: 'continue_with_conditions', conditions: 'Retrain before the next quarter.', signedBy: world.ro.name, snapshotSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(md).toContain('Continue with conditions: Retrain before the next quarter.');
    const [incident] = view.oversight!.incidents;
    expect(incident).toMatchObject({ id: ids.incident, serious: true, overdue: false, daysLeft: 13, reportedAt: null });
    expect(incident!.actions.map((a) => a.text)).toEqual(['Rule rolled back.', 'Affected customers contacted.']);
    expect(md).toMatch(/Report due in 13 days/);
  });

  it('names each new section in the Annex IV coverage, and each section named there exists in the Markdown', () => {
    const point = (p: string) => ANNEX_IV_COVERAGE.find((c) => c.point === p)!.sections;
    expect(point('9')).toEqual(expect.arrayContaining([CARD_SECTIONS.monitoring, CARD_SECTIONS.incidents, CARD_SECTIONS.findings]));
    expect(point('5')).toEqual(expect.arrayContaining([CARD_SECTIONS.findings, CARD_SECTIONS.waivers, CARD_SECTIONS.review]));
    expect(point('6')).toContain(CARD_SECTIONS.review);
    const headings = new Set(md.match(/^## .*/gm)!.map((h) => h.slice(3).replace(/ \(\d+\)$/, '')));
    for (const section of ANNEX_IV_COVERAGE.flatMap((c) => c.sections)) expect([...headings].some((h) => h.startsWith(section)), section).toBe(true);
  });

  it('exports JSON with the oversight that validates against the schema, as does an export made before it existed', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(cardExportJsonSchema());
    const exported = JSON.parse(JSON.stringify(toCardExport(view)));
    expect(validate(exported), JSON.stringify(validate.errors)).toBe(true);
    expect(exported.oversight.findings.active[0].id).toBe(ids.breach);
    const { oversight: _dropped, ...older } = exported;
    expect(validate(older), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...exported, oversight: { ...exported.oversight, monitoring: [{ metric: 'psi' }] } })).toBe(false);
  });

  it('lists the card’s findings in the CycloneDX model card', () => {
    expect(bomErrors(renderCardCycloneDx(view))).toEqual([]);
    const model = renderCardCycloneDx(view).components[0] as unknown as { modelCard: { properties: { name: string; value: string }[] } };
    const findings = model.modelCard.properties.filter((p) => p.name.startsWith('provenant:finding:'));
    expect(findings).toHaveLength(3);
    expect(findings.map((p) => p.value)).toContainEqual(expect.stringMatching(/^medium accepted: Calibration drifts on weekends; risk accepted until \d{4}-\d\d-\d\d$/));
  });

  it('prints the new sections in the PDF', async () => {
    const parser = new PDFParse({ data: new Uint8Array(await renderCardPdf(view)) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    for (const words of ['9. Monitoring in production', '10. Findings', '11. Accepted risks (waivers)', '12. Periodic review', '13. Serious incidents', '14. EU AI Act Annex IV coverage', 'VR-88', 'Rule rolled back.']) expect(text).toContain(words);
  });

  it('is on the system card too', async () => {
    const card = await loadSystemCard(world.ds, ids.system);
    expect(card.oversight.monitoring.map((s) => [s.metric, s.breach]).sort()).toEqual([['js_distance', true], ['psi', true]]);
    expect(card.oversight.findings.active.map((f) => f.id)).toContain(ids.breach);
  });
});

describe('a card with more findings than its list shows', () => {
  it('keeps the most severe of them, even due last, and says how many there are in all', async () => {
    const many = await oversightWorld('minimal');
    const { system, model } = await newSystemWithModel(many);
    const version = await newVersion(many, model.id);
    const raise = async (severity: 'low' | 'critical', title: string, now?: Date) =>
      await raiseFinding(many.ro, ZRaiseFindingInput.parse({ type: 'validation_issue', severity, title, description: `${title}.`, subjectType: 'model_version', subjectId: version.id }), now);
    // The low ones were raised 200 days ago, so each is due before the critical one raised today.
    for (let i = 0; i < OVERSIGHT_LIST_LIMIT; i += 1) await raise('low', `Low finding ${i}`, new Date(Date.now() - 200 * 86_400_000));
    const critical = await raise('critical', 'The critical one');
    expect(critical.dueDate > new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10)).toBe(true);
    const card = await loadSystemCard(many.ds, system.id);
    expect(card.oversight.findings.active).toHaveLength(OVERSIGHT_LIST_LIMIT);
    expect(card.oversight.findings.active[0]!.id).toBe(critical.id);
    expect(card.oversight.findings.totals).toEqual({ active: OVERSIGHT_LIST_LIMIT + 1, accepted: 0, recentlyClosed: 0 });
    expect(findingGroupTexts(card.oversight.findings, card.oversight.recentDays).active.title).toBe(`Active (${OVERSIGHT_LIST_LIMIT + 1}; the ${OVERSIGHT_LIST_LIMIT} most severe shown)`);
    expect(findingGroupTexts(view.oversight!.findings, view.oversight!.recentDays).active.title).toMatch(/^Active \(\d+\)$/);
  }, 120_000);
});

describe('the promotion snapshot and monitoring', () => {
  it('keeps an open request signable while monitoring batches arrive, and a new high finding on the version forces a fresh look', async () => {
    const minimal = await oversightWorld('minimal');
    const { model } = await newSystemWithModel(minimal);
    const version = await newVersion(minimal, model.id);
    // The production policy's rules judge production traffic: the candidate already runs behind a production canary.
    const { deployment } = await reportDeployment(minimal.ds, { environment: 'production', endpoint: `https://${version.id}.example/score`, reportedSha256: version.artifactSha256, modelVersionId: version.id });
    const request = await requestPromotion(minimal.ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete.' });
    await recordMonitoring(minimal.ds, driftBatch({ deploymentId: deployment.id }, STEADY, 2), {});
    await recordMonitoring(minimal.ds, driftBatch({ deploymentId: deployment.id }, STEADY, 1), {});
    expect((await buildSnapshot(getDb(), version.id)).sha256).toBe(request.snapshotSha256);
    // A breach raises a finding (a new fact: the digest moves); its repeat only counts an occurrence (it does not).
    await recordMonitoring(minimal.ds, driftBatch({ deploymentId: deployment.id }, DRIFTED, 1), {});
    const withFinding = (await buildSnapshot(getDb(), version.id)).sha256;
    expect(withFinding).not.toBe(request.snapshotSha256);
    await recordMonitoring(minimal.ds, driftBatch({ deploymentId: deployment.id }, DRIFTED, 0), {});
    expect((await buildSnapshot(getDb(), version.id)).sha256).toBe(withFinding);
    await expect(signRequest(minimal.ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }))).rejects.toThrow(/changed since submission/);
  });

  it('signs an open request after batches within the rules, and renders the signed card from its snapshot without live oversight', async () => {
    const minimal = await oversightWorld('minimal');
    const { model } = await newSystemWithModel(minimal);
    const version = await newVersion(minimal, model.id);
    const request = await requestPromotion(minimal.ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete.' });
    await recordMonitoring(minimal.ds, driftBatch({ modelVersionId: version.id }, STEADY, 1), {});
    await signRequest(minimal.ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));
    const signed = await loadCard(minimal.ds, version.id, { view: 'signed' });
    expect(signed.oversight).toBeNull();
    expect(signed.content.findings).toBeUndefined();
    expect(renderCardMarkdown(signed)).toContain('Live records are not part of a signed snapshot');
    expect((await loadCard(minimal.ds, version.id)).oversight!.monitoring).toHaveLength(1);
  });
});
