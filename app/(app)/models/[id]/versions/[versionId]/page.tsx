import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EditVersionButton } from '@/components/models/edit-version-button';
import { ScanBadge, StageBadge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState, Facts, PageHeader } from '@/components/ui/card';
import { formatBytes, formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Mono } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getModel, getModelVersion } from '@/lib/inventory/queries';
import { importModelIndexAction, retractEvaluationAction, updateModelVersionAction, verifyModelVersionAction } from '../../../actions';
import { EvidenceTable } from '@/components/evidence/evidence-table';
import { ImportModelIndexButton } from '@/components/evidence/import-model-index-button';

import { listEvaluations } from '@/lib/evidence/queries';
import { PipelineCommands } from '@/components/pipeline/pipeline-commands';
import { PromotionCard } from '@/components/promotion/promotion-card';
import { recordLinks } from '@/components/promotion/record-links';
import { UploadBytesField } from '@/components/promotion/upload-bytes-field';
import { liveGates, promotionHistory } from '@/lib/promotion/queries';
import { rollbackProposal } from '@/lib/promotion/rollback-proposal';
import { SubjectFindings } from '@/components/findings/subject-findings';
import { RollbackProposalCard } from '@/components/promotion/rollback-proposal-card';
import { requestPromotionAction } from '../../../../approvals/actions';
import { VersionIntegrityCard } from '@/components/integrity/version-integrity-card';
import { findBlob } from '@/lib/artifacts/queries';
import { openIntegrityFlags } from '@/lib/integrity/queries';
import { VersionSignaturesCard } from '@/components/signing/version-signatures-card';
import { listVersionSignatures } from '@/lib/signing/model/list-version-signatures';
import { versionSignatureNow } from '@/lib/signing/model/version-signature-now';
import { isUnrecognizedFormat, UNRECOGNIZED_FORMAT_ADVICE } from '@/lib/artifacts/scan/unrecognized-format';
import { unscannedAllowedAhead } from '@/lib/promotion/policy-queries';
import { archiveCause } from '@/lib/promotion/archive-cause';
import { modelOwnerIds } from '@/lib/inventory/model-owners';
import { mayRetractEvidence } from '@/lib/evidence/retraction-rule';

export async function generateMetadata({ params }: { params: Promise<{ id: string; versionId: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'model_version', id: (await params).versionId });
}

/** Where the gate's "Upload the artifact" leads: what an unscanned, unreadable or unsafe artifact needs. */
function UnscannedNote({ status, stored, unreadable, allowedByPolicy }: { status: string; stored: boolean; unreadable: boolean; allowedByPolicy: boolean }) {
  const text = status === 'unsafe'
    ? 'The scan found code that runs when these bytes are loaded (see the findings below): this version can never pass the gate; register a version with safe bytes.'
    : unreadable
      ? allowedByPolicy
        ? "The scanner does not recognise the format of these bytes, so nothing vouches for them. This tier's policies allow unscanned artifacts, so its gates pass them with a warning."
        : `The scanner does not recognise the format of these bytes, so nothing vouches for them. ${UNRECOGNIZED_FORMAT_ADVICE}`
      : stored
        ? 'These bytes were not scanned clean by the current scanner: upload the same file again (below, or POST /api/v1/artifacts) to scan them; an administrator can rescan every stored artifact at once.'
        : 'Nothing was scanned: only the digest was declared. Upload the file with this SHA-256 (below, or POST /api/v1/artifacts) and the server scans it and updates this version.';
  return <p role="note" className="mt-4 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{text}</p>;
}

export default async function ModelVersionPage({ params }: { params: Promise<{ id: string; versionId: string }> }) {
  const actor = await requirePageActor();
  const { id, versionId } = await params;
  const version = await forPage(async () => await getModelVersion(actor, versionId));
  if (version.modelId !== id) notFound();
  const model = await forPage(async () => await getModel(actor, id));
  // A retired system's records are read-only: offer no edits (the verbs refuse them anyway).
  const live = version.systemStatus !== 'retired';
  const canEdit = live && can(actor, 'model.update', { ownerIds: modelOwnerIds(model) });
  const blob = await findBlob(actor, version.artifactSha256);
  const flags = await openIntegrityFlags(actor, { modelVersionId: version.id });
  const evidence = await listEvaluations(actor, version.id);
  const signatures = await listVersionSignatures(actor, version.id, { page: 1, pageSize: 5 });
  const signatureNow = await versionSignatureNow(actor, version.id);
  const gates = await liveGates(actor, version.id);
  const history = await promotionHistory(actor, version.id);
  const rollback = await rollbackProposal(actor, version.id);
  const archived = await archiveCause(actor, version.id);
  // The gate reads an older scanner's "clean" as unscanned: the artifact section then says how to scan the bytes.
  // Bytes in a format the scanner cannot read: uploading them again changes nothing, so it is not offered.
  const unreadable = !!blob && version.scanStatus === 'unknown' && isUnrecognizedFormat(version.scanFindings);
  const scanWanted = version.scanStatus !== 'clean' || gates.some(({ gate }) => gate.requirements.some((r) => r.id === 'scan' && !r.met));
  // Whether asking an administrator about unscanned artifacts is still the advice: not when the policies ahead allow them.
  const allowedByPolicy = unreadable && (await unscannedAllowedAhead(actor, model.riskTier, version.stage));
  const canRecordEvidence = live && can(actor, 'evidence.record', { ownerIds: modelOwnerIds(model) });
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href={`/systems/${version.systemId}`} className="hover:text-slate-700">{version.systemName}</Link> /{' '}
            <Link href={`/models/${model.id}`} className="hover:text-slate-700">{version.modelName}</Link>
          </>
        }
        title={<span className="flex items-center gap-3"><span className="font-mono">{version.version}</span> <StageBadge stage={version.stage} /> <ScanBadge status={version.scanStatus} unreadable={unreadable} /></span>}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {can(actor, 'audit.read') ? <ButtonLink variant="ghost" href={`/audit?about=${version.id}`}>History</ButtonLink> : null}
            <ButtonLink variant="secondary" href={`/lineage?node=model_version:${version.id}`}>Lineage</ButtonLink>
            <ButtonLink variant="secondary" href={`/models/${model.id}/versions/${version.id}/card`}>AI Card</ButtonLink>
            <ButtonLink variant="secondary" href={`/models/${model.id}/versions/${version.id}/monitoring`}>Monitoring</ButtonLink>
            {canEdit ? <EditVersionButton uri={version.uri} license={version.license} action={updateModelVersionAction.bind(null, version.id)} /> : null}
          </div>
        }
      />
      <div className="space-y-6">
      {live ? null : <p role="note" className="rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">{version.systemName} is retired: this version, its evidence and its requests are read-only.</p>}
      <div id="artifact" className="scroll-mt-20">
      <Card title="Artifact">
        <Facts
          items={[
            ['SHA-256', <Mono key="d">{version.artifactSha256}</Mono>],
            // Until the bytes are uploaded, size and format are what the registrant said, and say so.
            ['Size', blob || version.artifactSize == null ? formatBytes(version.artifactSize) : `${formatBytes(version.artifactSize)} (declared)`],
            ['Format', blob ? `${version.format} (read from the bytes)` : `${version.format} (declared)`],
            ['License', version.license],
            ['URI', version.uri ? <Mono key="u">{version.uri}</Mono> : null],
            ['External source', version.externalSource ? `${version.externalSource}${version.externalRevision ? ` @ ${version.externalRevision}` : ''}` : null],
            ['Registered', <span key="registered">{formatDate(version.createdAt)} by <PersonName person={{ name: version.registeredBy, email: version.registeredByEmail }} /></span>],
            ['Stage since', formatDate(version.stageChangedAt ?? version.createdAt)],
          ]}
        />
        {scanWanted ? <UnscannedNote status={version.scanStatus} stored={!!blob} unreadable={unreadable} allowedByPolicy={allowedByPolicy} /> : null}
        {scanWanted && version.scanStatus !== 'unsafe' && !unreadable && live && can(actor, 'artifact.upload') ? <UploadBytesField sha256={version.artifactSha256} /> : null}
      </Card>
      </div>
      {rollback ? <RollbackProposalCard modelId={model.id} proposal={rollback} canRequest={live && can(actor, 'promotion.request', { ownerIds: modelOwnerIds(model) })} action={requestPromotionAction} /> : null}
      <PromotionCard modelId={model.id} modelVersionId={version.id} systemId={version.systemId} stage={version.stage} gates={gates} history={history} archived={archived} records={recordLinks(evidence.items, (evaluationId) => `#evaluation-${evaluationId}`)} canRequest={live && can(actor, 'promotion.request', { ownerIds: modelOwnerIds(model) })} action={requestPromotionAction} />
      <div id="integrity" className="scroll-mt-20">
      <VersionIntegrityCard
        sha256={version.artifactSha256}
        stored={!!blob}
        integrityOk={version.integrityOk}
        verifiedAt={version.integrityVerifiedAt}
        scanStatus={version.scanStatus}
        findings={version.scanFindings}
        flags={flags}
        verify={can(actor, 'integrity.verify') ? verifyModelVersionAction.bind(null, version.id) : null}
      />
      </div>
      <VersionSignaturesCard modelVersionId={version.id} items={signatures.items} total={signatures.total} latestNow={signatureNow} canAttach={live && can(actor, 'model_signature.attach', { ownerIds: modelOwnerIds(model) })} />
      <Card
        title={`Evaluation evidence (${evidence.total})`}
        actions={
          canRecordEvidence ? (
            <>
              <ImportModelIndexButton modelVersionId={version.id} artifactSha256={version.artifactSha256} action={importModelIndexAction} />
              <ButtonLink href={`/models/${model.id}/versions/${version.id}/evidence/new`}>Record evidence</ButtonLink>
            </>
          ) : null
        }
      >
        {evidence.total === 0 ? <EmptyState title="No evidence yet">{canRecordEvidence ? <>Record evidence to attach a scanner&apos;s or red-team harness&apos;s report (the server computes its metrics) or to type results; pipelines send reports to POST /api/v1/evaluations/reports and typed results to POST /api/v1/evaluations.</> : 'No evaluation, scan or red-team evidence has been recorded for this version.'}</EmptyState> : <EvidenceTable items={evidence.items} retract={(e) => (live && mayRetractEvidence(actor, e.createdById, modelOwnerIds(model)) ? retractEvaluationAction.bind(null, e.id) : null)} />}
      </Card>
      <SubjectFindings actor={actor} subjectType="model_version" subjectId={version.id} live={live} />
      <PipelineCommands
        commands={[
          { label: 'Gate this version (exit 1 lists what is unmet)', command: `provenant gate --version ${version.id} --stage production` },
          { label: "Attach a scanner's or red-team harness's own report", command: `provenant report --version ${version.id} --file trivy.sarif` },
          { label: 'Before a deployment ships these bytes', command: `provenant verify --digest ${version.artifactSha256} --stage production` },
        ]}
      />
      </div>
    </>
  );
}
