import { z } from 'zod';
import { EVALUATION_ENVIRONMENTS, REPORT_FORMATS } from '@/db/schema/evidence';
import { ZAcknowledgeBreakInput, ZListAuditQuery } from '@/lib/audit/schemas';
import { ZImportModelIndexInput, ZRetractEvaluationInput, ZListEvaluationsQuery, ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { ZCardQuery } from '@/lib/cards/schemas';
import { ZSystemCardQuery } from '@/lib/cards/system-card-export';
import { ZAuditExportQuery, ZInventoryExportQuery } from '@/lib/exports/schemas';
import {
  ZCreateDatasetInput,
  ZCreateDatasetVersionInput,
  ZCreateModelInput,
  ZCreateModelVersionInput,
  ZCreateSystemInput,
  ZListDatasetsQuery,
  ZListModelVersionsQuery,
  ZListSystemsQuery,
  ZUpdateDatasetInput,
  ZUpdateModelInput,
  ZImportCycloneDxBomInput,
  ZUpdateModelVersionInput,
  ZUpdateSystemInput,
  ZConfirmTierInput,
  ZTransferSystemInput,
} from '@/lib/inventory/schemas';
import { ZListModelRowsQuery } from '@/lib/inventory/model-list-query';
import { REGISTER_COLUMNS, REGISTER_LIMITS } from '@/lib/inventory/register-columns';
import { ZLineageCandidatesQuery, ZLineageQuery, ZListDeploymentsQuery, ZListRunsQuery, ZOpenLineageRequest, ZHandOverDeploymentInput, ZRecordRunInput, ZReportDeploymentInput } from '@/lib/lineage/schemas';
import { ZMonitoringQuery, ZMonitoringRequest } from '@/lib/monitoring/schemas';
import { ZListEvidencePacksQuery, ZRequestEvidencePackInput } from '@/lib/packs/schemas';
import { ZAddIncidentActionInput, ZListIncidentsQuery, ZPatchIncidentInput, ZRecordIncidentInput } from '@/lib/incidents/schemas';
import { ZInboxQuery, ZMarkReadInput } from '@/lib/inbox/schemas';
import { ZListReviewsQuery } from '@/lib/reviews/schemas';
import { ZApprovalQueueQuery, ZApprovedDigestQuery, ZGateQuery, ZRequestPromotionInput } from '@/lib/promotion/schemas';
import { ZListFindingsQuery, ZPatchFindingInput, ZRaiseFindingInput } from '@/lib/findings/schemas';
import { ZMlflowEnvelope } from '@/lib/integrations/mlflow/payloads';
import { ZCreateWebhookEndpointInput, ZUpdateWebhookEndpointInput, ZWebhookDeliveriesQuery } from '@/lib/webhooks/schemas';
import { ZListSignaturesQuery, ZUpdateTrustConfigInput } from '@/lib/signing/model/schemas';
import { plural } from '@/lib/words';
import { BULK_JSON_BODY_LIMIT, DEFAULT_JSON_BODY_LIMIT } from './read-json-body';

type Operation = {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  summary: string;
  scope: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  status?: number;
  /** Media type of a success that is not JSON (exports are CSV attachments). */
  produces?: string;
};

/** Every public operation, described from the same zod schemas the route handlers parse with. */
const OPERATIONS: Operation[] = [
  { method: 'get', path: '/systems', summary: 'List AI systems (filter, sort, paginate)', scope: 'read', query: ZListSystemsQuery },
  { method: 'post', path: '/systems', summary: 'Register an AI system', scope: 'register', body: ZCreateSystemInput, status: 201 },
  { method: 'get', path: '/systems/{id}', summary: 'Get an AI system', scope: 'read' },
  { method: 'patch', path: '/systems/{id}', summary: 'Edit an AI system (classification needs a risk officer)', scope: 'register', body: ZUpdateSystemInput },
  { method: 'post', path: '/systems/{id}/tier-confirmation', summary: "A risk officer who neither owns nor classified the system confirms its risk tier as read (optionally its assessment time as read), with their password again; a limited or minimal tier's production gate waits for it. 400 for a wrong password (audited as system.tier_confirm_failed; five in a row lock), 403 for the owner, the classifier, whoever owned the system or changed what its tier was judged on since it was assessed, or a token, 409 for a tier or assessment changed since, a second confirmation or a retired system", scope: '(session only)', body: ZConfirmTierInput },
  { method: 'post', path: '/systems/{id}/transfer', summary: 'Its owner or a risk officer gives the system to a new owner (an active data scientist), from the owner read, with a reason; its models and the endpoints its previous owner reported go with it; the previous and new owner are told', scope: '(session only)', body: ZTransferSystemInput },
  { method: 'get', path: '/systems/{id}/card', summary: 'The system-level AI Card as JSON (schema at /schemas/system-ai-card-export.json), Markdown or PDF: the system, every version of its models with the digest of its own AI Card and whether that still matches the card last signed, and the live oversight of the system and its versions', scope: 'read', query: ZSystemCardQuery, produces: 'application/json, text/markdown, application/pdf' },
  { method: 'get', path: '/models', summary: 'List models with their latest version, its stage and the version in production (filter, sort, paginate)', scope: 'read', query: ZListModelRowsQuery },
  { method: 'post', path: '/models', summary: 'Register a model under a system', scope: 'register', body: ZCreateModelInput, status: 201 },
  { method: 'post', path: '/models/import', summary: "Register a vendor's model from its CycloneDX ML-BOM (validated against the 1.6 schema): a third-party system, the model with its card parameters, the version bound to the model's SHA-256 (the BOM's, else artifactSha256) and the datasets as training inputs; all or nothing, idempotent on the model's reference (purl, else bom-ref)", scope: 'register', body: ZImportCycloneDxBomInput, status: 201 },
  { method: 'get', path: '/models/{id}', summary: 'Get a model with its versions', scope: 'read' },
  { method: 'patch', path: '/models/{id}', summary: 'Edit a model', scope: 'register', body: ZUpdateModelInput },
  { method: 'get', path: '/model-versions', summary: 'List model versions', scope: 'read', query: ZListModelVersionsQuery },
  { method: 'post', path: '/model-versions', summary: 'Register a model version (idempotent on model + version)', scope: 'register', body: ZCreateModelVersionInput, status: 201 },
  { method: 'get', path: '/model-versions/{id}', summary: 'Get a model version', scope: 'read' },
  { method: 'patch', path: '/model-versions/{id}', summary: 'Edit a model version; a stage is refused with 409', scope: 'register', body: ZUpdateModelVersionInput },
  { method: 'get', path: '/model-versions/{id}/signatures', summary: 'The OpenSSF model signatures attached to a version, newest first: status (verified or failed), signer identity, signed files with their SHA-256, the trust configuration version and the reason', scope: 'read', query: ZListSignaturesQuery },
  { method: 'post', path: '/model-versions/{id}/signatures', summary: "Attach an OpenSSF model-signing bundle (Sigstore bundle v0.3 with a DSSE in-toto statement, predicate https://model_signing/signature/v1.0) as multipart `file` or as the JSON body: verified offline against the current trust configuration, and the version's SHA-256 must be one of the signed files; 201 with the stored outcome (a bundle that does not verify is kept as failed, with the reason); 400 when it is not a model signature (nothing kept)", scope: 'register', status: 201 },
  { method: 'get', path: '/trust-config', summary: 'The trust configuration model signatures are verified against (public keys with key ids and identities, certificate authorities with the identities they may vouch for, the uploaded Sigstore trusted root and its keyless identities) and its version history', scope: '(session only: admins)' },
  { method: 'put', path: '/trust-config', summary: 'Save the trust configuration as its next version (PEMs checked; `trustedRoot`: a trusted_root.json to upload, null to remove, absent to keep); the same configuration again writes nothing', scope: '(session only: admins)', body: ZUpdateTrustConfigInput },
  { method: 'post', path: '/model-versions/{id}/verify', summary: 'Re-hash the stored bytes of a version', scope: '(session only)' },
  { method: 'get', path: '/model-versions/{id}/gate', summary: 'The live promotion gate of a version for one stage (what `provenant gate` reads): passed, the policy version and every requirement with met and detail; an archived version is gated as a rollback', scope: 'read', query: ZGateQuery },
  { method: 'get', path: '/model-versions/approved', summary: 'Whether a digest is the approved version of a stage (default production), optionally in one system (what `provenant verify` reads): always 200 with approved, verdict (approved, unknown_digest, other_system, other_stage, not_approved, retired_system), a message and the versions carrying the digest with the approved request and its signers', scope: 'read', query: ZApprovedDigestQuery },
  { method: 'get', path: '/promotion-requests', summary: 'List promotion requests with their signatures: open ones oldest first (the reviewers\' queue), or by status (approved, rejected, withdrawn, superseded, or closed for any decided one), most recently decided first; filter by risk tier, system and age', scope: 'read', query: ZApprovalQueueQuery },
  { method: 'post', path: '/promotion-requests', summary: 'Request promotion of a version to staging or production with a justification: 201 with the request, its gate result and snapshot digest; 409 with the unmet requirements when the gate fails. Signing stays in the browser', scope: 'promote', body: ZRequestPromotionInput, status: 201 },
  { method: 'get', path: '/promotion-requests/{id}', summary: 'A promotion request: status, gate result, policy, signatures and the frozen snapshot', scope: 'read' },
  { method: 'get', path: '/datasets', summary: 'List datasets', scope: 'read', query: ZListDatasetsQuery },
  { method: 'post', path: '/datasets', summary: 'Register a dataset (idempotent on namespace + name)', scope: 'register', body: ZCreateDatasetInput, status: 201 },
  { method: 'get', path: '/datasets/{id}', summary: 'Get a dataset with its versions', scope: 'read' },
  { method: 'patch', path: '/datasets/{id}', summary: 'Edit a dataset', scope: 'register', body: ZUpdateDatasetInput },
  { method: 'get', path: '/datasets/{id}/versions', summary: 'List the versions of a dataset', scope: 'read' },
  { method: 'post', path: '/datasets/{id}/versions', summary: 'Register a dataset version (idempotent on version)', scope: 'register', body: ZCreateDatasetVersionInput, status: 201 },
  { method: 'get', path: '/runs', summary: 'List training runs, newest first, without their parameters and facets (GET /runs/{id} has them); q: words that must each appear in the job namespace, job name or run id; state: START, RUNNING, COMPLETE, FAIL, ABORT or OTHER (known only as a parent)', scope: 'read', query: ZListRunsQuery },
  { method: 'post', path: '/runs', summary: 'Record a training run (idempotent on externalRunId: 201 new, 200 existing)', scope: 'register or lineage:write', body: ZRecordRunInput, status: 201 },
  { method: 'get', path: '/runs/{id}', summary: 'Get a training run', scope: 'read' },
  { method: 'get', path: '/deployments', summary: 'List deployments, most recently reported first, with what each runs (versionStage: the stage of the version, which may not be the one approved for the environment of the endpoint), its reporter and its open integrity flags (openFlags); filter by endpoint words (q), environment, integrity (flagged or matches) and approval (unapproved: a version not approved for the environment), paginated', scope: 'read', query: ZListDeploymentsQuery },
  { method: 'post', path: '/deployments', summary: 'Report the digest a deployment runs (idempotent on environment + endpoint): the answer holds the integrity check, and `finding`, the incident finding raised on the version (or counted again) when the service runs other bytes than the version\'s', scope: 'deploy:report', body: ZReportDeploymentInput, status: 201 },
  { method: 'post', path: '/deployments/{id}/hand-over', summary: "Name who reports at an endpoint from now on (risk officers): only the endpoint's reporter (who last changed what it runs, or whom a risk officer named), and the running version's other owners while the reporter owns it too, may change what it runs or its integrity flags. reporterId must be an active data scientist other than the caller (403); reason is kept in the audit trail. 409 when they already report there", scope: '(session only)', body: ZHandOverDeploymentInput },
  { method: 'get', path: '/lineage', summary: 'Upstream and downstream lineage graph of a node', scope: 'read', query: ZLineageQuery },
  { method: 'get', path: '/lineage/candidates', summary: 'Dataset or model versions whose label holds every word of q (case-insensitive), newest first, for the run form\'s picker; side=output keeps the model versions the caller may write to', scope: 'read (outputs also register or lineage:write)', query: ZLineageCandidatesQuery },
  { method: 'post', path: '/lineage', summary: 'Ingest one OpenLineage RunEvent (201 {status: accepted, runId, id, warnings?}; 200 {status: duplicate} for an exact replay, which writes nothing; 400 with the path of the first schema problem in any standard run, job, dataset, input or output facet; 409 when the runId is a run of another job) or an array of up to 1,000 answered per event: 200 {items: [{index, runId, id?, status: accepted|duplicate|rejected, warnings?, code?, message?, issues?}], accepted, duplicates, rejected}, each event landing or refused on its own; only when every event is refused, the refusals\' status (400 when they differ) with the same items. A facet lacking only _producer/_schemaURL is a warning, not a refusal; custom facets are kept as sent; dataset symlinks name one dataset; the parent run facet links a child run to its parent; jobType labels the run; input/output statistics are kept on the edges', scope: 'lineage:write or register', body: ZOpenLineageRequest, status: 201 },
  { method: 'get', path: '/evaluations', summary: 'List the evaluation evidence of a model version', scope: 'read', query: ZListEvaluationsQuery },
  { method: 'post', path: '/evaluations', summary: 'Record evaluation evidence (metrics pass/fail computed by the server)', scope: 'register', body: ZRecordEvaluationInput, status: 201 },
  { method: 'post', path: '/evaluations/{id}/retract', summary: 'Retract a wrong evaluation record (its creator only): it stays listed with the reason and never counts again; an active or superseded record (a failed threshold a superseded record stated counts until it is retracted); 409 when already retracted', scope: 'register', body: ZRetractEvaluationInput },
  { method: 'post', path: '/evaluations/import', summary: 'Import Hugging Face model-index results as performance evidence', scope: 'register', body: ZImportModelIndexInput, status: 201 },
  { method: 'post', path: '/monitoring', summary: 'Monitoring results for a deployment or model version over a window: the JSON form (performance metrics, drift per feature with optional reference/current histograms, from which the server computes PSI and Jensen-Shannon distance), or an Evidently snapshot (snapshot.json()) posted unchanged with ?deploymentId= or ?modelVersionId=, &windowStart=, &windowEnd=. Up to 10,000 points; one batch, one audit event; 201 with each breach of the tier\'s monitoring rules and the finding it raised or counted again. A deployment whose digest matches no version is a 409', scope: 'monitoring:write', query: ZMonitoringQuery, body: ZMonitoringRequest, status: 201 },
  { method: 'get', path: '/audit-events', summary: 'List audit events', scope: 'read', query: ZListAuditQuery },
  { method: 'get', path: '/audit/verify', summary: 'Verify the audit hash chain and return its head, the first unacknowledged break (firstBrokenSeq, reason) and every acknowledged break (who, when, why)', scope: 'read' },
  { method: 'post', path: '/audit/acknowledgements', summary: 'Acknowledge the first unacknowledged break of the audit chain without editing history (appends audit.break_acknowledged); 409 when that sequence is not broken or is already acknowledged', scope: 'none: a browser session of an admin, with the password again; API tokens are always refused (403)', body: ZAcknowledgeBreakInput, status: 201 },
  { method: 'get', path: '/model-versions/{id}/card', summary: 'The AI Card as JSON (schema at /schemas/ai-card-export.json), Markdown (Hugging Face model card), PDF or CycloneDX 1.6 ML-BOM; view=signed or request=<id> renders a frozen snapshot', scope: 'read', query: ZCardQuery, produces: 'application/json, text/markdown, application/pdf, application/vnd.cyclonedx+json' },
  { method: 'get', path: '/model-versions/{id}/card/attestation', summary: 'Sigstore bundle (v0.3, DSSE, in-toto Statement v1) signed by Provenant: the subject is the SHA-256 of exactly the bytes /card returns for the same parameters, the predicate what was approved, by whom, under which policy version, and the audit-chain head; verify with cosign verify-blob-attestation --key', scope: 'read', query: ZCardQuery, produces: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
  { method: 'get', path: '/signing-keys', summary: 'Provenant\'s signing keys: public key (PEM), key id (hex SHA-256 of the SubjectPublicKeyInfo DER), createdAt and retiredAt; retired keys still verify what they signed', scope: 'read' },
  { method: 'get', path: '/signing-keys/{keyId}', summary: 'One of Provenant\'s public keys as a PEM file (application/x-pem-file), for cosign verify-blob-attestation --key; 404 for an unknown key id', scope: 'read', produces: 'application/x-pem-file' },
  { method: 'get', path: '/schemas/ai-card-export.json', summary: 'JSON Schema (2020-12) of the AI Card JSON export', scope: 'read' },
  { method: 'get', path: '/schemas/system-ai-card-export.json', summary: 'JSON Schema (2020-12) of the system AI Card JSON export', scope: 'read' },
  { method: 'get', path: '/exports/inventory.csv', summary: 'Download the inventory as CSV: one row per model, with owners, versions and the production digest; the systems list\'s filters and sort pick and order the systems', scope: 'read', query: ZInventoryExportQuery, produces: 'text/csv' },
  { method: 'get', path: '/exports/audit-events.csv', summary: 'Download the audit events matching the audit-events filters as CSV, in chain order', scope: 'read (and the audit.read permission)', query: ZAuditExportQuery, produces: 'text/csv' },
  { method: 'get', path: '/exports/signatures.csv', summary: 'Download every promotion signature as CSV, with the snapshot digest each signer saw', scope: 'read', produces: 'text/csv' },
  { method: 'get', path: '/artifacts/{sha256}', summary: 'Download stored artifact bytes by their SHA-256, as an attachment no browser renders (404 when only the digest was declared)', scope: 'read', produces: 'application/octet-stream' },
  { method: 'get', path: '/evidence-packs', summary: 'List evidence packs, newest first, with status, progress, sizes and digests', scope: 'read (and the audit.read permission)', query: ZListEvidencePacksQuery },
  { method: 'post', path: '/evidence-packs', summary: 'Request an evidence pack (inventory, a system or a model version; optional period): 201 with the queued pack, generated in the background', scope: 'read (and the pack.generate permission: risk officers, auditors, admins)', body: ZRequestEvidencePackInput, status: 201 },
  { method: 'get', path: '/evidence-packs/{id}', summary: 'An evidence pack: status (queued, running, done, failed), progress and phase, digests once done', scope: 'read (and the audit.read permission)' },
  { method: 'get', path: '/evidence-packs/{id}/pdf', summary: 'Download a finished pack\'s PDF', scope: 'read (and the audit.read permission)', produces: 'application/pdf' },
  { method: 'get', path: '/evidence-packs/{id}/zip', summary: 'Download a finished pack\'s ZIP (PDF, JSON records, attachments, SHA256SUMS)', scope: 'read (and the audit.read permission)', produces: 'application/zip' },
  { method: 'get', path: '/findings', summary: 'List findings: overdue first, then severity, then due date (sort=priority, the default); status defaults to active (open, in_remediation, ready_for_validation; or all, or one status); filter by severity, type, subjectType+subjectId, systemId, ownerId (an id or me), overdue=true; each with subject, owner, due date and overdueDays', scope: 'read', query: ZListFindingsQuery },
  { method: 'post', path: '/findings', summary: 'Raise a finding by hand on a system, model version or dataset version (source manual); the owner defaults to the subject\'s owner, the due date comes from the policy\'s deadline for the severity; an auditor raises audit_finding only (403 otherwise)', scope: 'findings:write', body: ZRaiseFindingInput, status: 201 },
  { method: 'get', path: '/findings/{id}', summary: 'A finding with its subject, owner, waivers (signed terms, expiry, how each ended, and the proposal a second risk officer approved), the open waiverProposal awaiting a second risk officer, closure (evidence, signer, meaning) and its timeline from the audit trail', scope: 'read' },
  { method: 'patch', path: '/findings/{id}', summary: 'Edit title, description, remediationPlan, ownerId (the new owner is told) or severity (risk officers; recomputes the due date), or move status open → in_remediation → ready_for_validation (and back to in_remediation); 409 on a lost race or a final finding. status closed (closureEvidence, optional evaluationId) or invalid (closureEvidence: the reason), and status accepted (justification, compensatingControls, expiresOn within 365 days) are signatures: only from a browser session of a risk officer who does not own the finding, with password (always for accepted, for closing high and critical); API tokens get 403. For a finding that was ever critical, accepted only proposes the terms: the finding keeps its status and the answer carries waiverProposal; the waiver comes into force when a second risk officer who neither proposed it nor ever owned the finding approves it on the finding’s page (409 while another proposal is open). The finding a serious incident raised is never accepted nor marked invalid (409, Art. 73(6)): it closes as fixed. A closing or accepting field sent with another status is a 400, not dropped', scope: 'findings:write (closing and accepting: browser session only)', body: ZPatchFindingInput },
  { method: 'get', path: '/incidents', summary: 'List incidents: open first with the nearest Art. 73 reporting deadline first, each with its clock (deadline, daysLeft, hoursLeft under two days, overdue, met); filter by status or systemId', scope: 'read', query: ZListIncidentsQuery },
  { method: 'post', path: '/incidents', summary: 'Record an incident; a serious one gets its Art. 73 deadline (15 days from awareness, 10 where a death may be involved, 2 for widespread infringement or critical infrastructure) and raises an incident finding on each affected system; awareAt in the future is a 400', scope: 'findings:write', body: ZRecordIncidentInput, status: 201 },
  { method: 'get', path: '/incidents/{id}', summary: 'An incident with its systems (and their production versions), timeline, linked findings and reporting clock', scope: 'read' },
  { method: 'patch', path: '/incidents/{id}', summary: 'Edit an incident\'s facts (a new category moves the deadline), or move it on: status "reported" with reportedAt and authorityReference, status "closed" with a closingNote (a serious incident only once reported); 409 when closed', scope: 'findings:write', body: ZPatchIncidentInput },
  { method: 'post', path: '/incidents/{id}/actions', summary: 'Append an action to the incident\'s timeline (what was done, when; never in the future); the timeline is append-only', scope: 'findings:write', body: ZAddIncidentActionInput, status: 201 },
  { method: 'get', path: '/incidents/{id}/report.pdf', summary: 'Download the report for the market surveillance authority (Art. 73) as a PDF attachment', scope: 'read', produces: 'application/pdf' },
  { method: 'get', path: '/reviews', summary: 'Systems by review state: overdue first (past its date, or past the day an unresolved trigger set: its raise day plus the policy’s triggeredReviewDays, 30 by default), then due now (an unresolved trigger: new upstream dataset version, expired waiver, critical finding, serious incident, material policy change; or today\'s date), then upcoming by next review date, each with dueBy (the earlier of its date and the earliest day an open trigger set) and its last signed review; status=signed lists the signed reviews, newest first', scope: 'read', query: ZListReviewsQuery },
  { method: 'get', path: '/reviews/{id}', summary: 'A signed review (outcome, conditions, signer, meaning, next date, the triggers it resolved) with the frozen snapshot it signed: the system card, findings with waivers and latest monitoring', scope: 'read' },
  { method: 'get', path: '/inbox', summary: 'The caller\'s inbox: actions (computed and always current: own findings due within 14 days or overdue, reviews due, requests awaiting their signature, serious incidents whose report is due within 7 days or late) and a page of their notifications, newest first, with the unread count', scope: 'read', query: ZInboxQuery },
  { method: 'get', path: '/inbox/summary', summary: 'What the navigation\'s Inbox badge says: actions (how many things need the caller now, as the inbox lists them; 100 means more than 99), overdue (how many of those are late) and unread (unread notifications, up to 100)', scope: 'read' },
  { method: 'post', path: '/inbox/read', summary: 'Mark the caller\'s own notifications read: ids (404 and nothing changed if any is not theirs) or all: true (optionally through a time); personal state, not audited', scope: 'read', body: ZMarkReadInput },
  { method: 'get', path: '/webhooks', summary: 'Webhook endpoints (admins), each with its latest delivery; never their secrets', scope: '(session only)' },
  { method: 'post', path: '/webhooks', summary: 'Add a webhook endpoint (admins): the answer holds its signing secret (whsec_…), the only time it is shown. Loopback, private, link-local and unspecified targets are refused (400 on url) unless allowPrivateNetwork', scope: '(session only)', body: ZCreateWebhookEndpointInput, status: 201 },
  { method: 'get', path: '/webhooks/{id}', summary: 'A webhook endpoint (admins), without its secret', scope: '(session only)' },
  { method: 'patch', path: '/webhooks/{id}', summary: 'Edit a webhook endpoint\'s URL, description, event types or private-network permission (admins); the URL is checked again', scope: '(session only)', body: ZUpdateWebhookEndpointInput },
  { method: 'get', path: '/webhooks/{id}/deliveries', summary: 'An endpoint\'s delivery log, newest first: each delivery (its webhook-id, event type, status, next attempt) with every attempt\'s HTTP status or error and duration', scope: '(session only)', query: ZWebhookDeliveriesQuery },
  { method: 'post', path: '/webhooks/{id}/test', summary: 'Queue a signed webhook.test event for one endpoint, whatever it subscribes to (admins); the background sender sends it within 15 s', scope: '(session only)', status: 201 },
  { method: 'post', path: '/integrations/mlflow/webhook', summary: 'MLflow 3 model registry webhook receiver (X-MLflow-Delivery-Id, X-MLflow-Timestamp, X-MLflow-Signature: v1, + base64 HMAC-SHA256 over delivery_id.timestamp.body with the shared secret). Answers the delivery\'s outcome (registered, updated, awaiting_digest, unmapped, refused, mapped, ignored, test); 401 bad or missing signature or a timestamp over 5 minutes off, 409 a replayed delivery id, 413 over 256 KiB, 503 no secret configured', scope: '(none: the HMAC signature is the authentication)', body: ZMlflowEnvelope },
];

const ERROR = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } } },
    },
  },
};

const schemaOf = (schema: z.ZodType) => {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
};

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the same caller (user or token) sending the same key, method, path, query and body gets the first answer again (status and body, with `Idempotent-Replayed: true`) and the write is not repeated. The same key with another body, path or query is a 409, as is a key whose first request is still running. A failed first attempt changed nothing and releases the key.',
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[ -~]+$' },
};

const jsonError = (description: string) => ({ description, content: { 'application/json': { schema: ERROR } } });

/** Answers any write may give: bounded bodies, a full or failing disk. */
const WRITE_ERRORS = {
  '413': jsonError(`Request body over its limit (JSON: ${DEFAULT_JSON_BODY_LIMIT} bytes, ${BULK_JSON_BODY_LIMIT} for imports and lineage batches); nothing was read whole or kept`),
  '503': jsonError('Storage is read-only or failing; nothing was kept'),
  '507': jsonError('Storage is full; nothing was kept'),
};

function operationObject(op: Operation) {
  const parameters = [
    ...(op.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] : []),
    ...Object.entries(op.query?.shape ?? {}).map(([name, field]) => ({ name, in: 'query', required: false, schema: schemaOf(field as z.ZodType) })),
    ...(op.method === 'post' ? [IDEMPOTENCY_KEY] : []),
  ];
  return {
    summary: op.summary,
    description: `Token scope: ${op.scope}.`,
    parameters,
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body) } } } } : {}),
    responses: {
      [String(op.status ?? 200)]: { description: 'Success', ...(op.produces ? { content: { [op.produces]: { schema: { type: 'string' } } } } : {}) },
      '400': jsonError('Invalid input, with field-level issues (also ill-formed Unicode, NUL, JSON nested over 64 levels)'),
      '401': jsonError('No session and no valid token'),
      '403': jsonError('Role or token scope does not allow it, or a session write from another origin'),
      '404': jsonError('Not found'),
      '409': jsonError(op.method === 'post' ? 'Conflict with the current state, or an Idempotency-Key in use or used for another request' : 'Conflict with the current state'),
      ...(op.method === 'get' ? {} : WRITE_ERRORS),
      // A signed delivery is read as its sender wrote it; every other JSON body must say it is JSON.
      ...(op.body && !op.path.startsWith('/integrations/') ? { '415': jsonError('The body was sent with a Content-Type other than JSON (a form, text); nothing was read or kept') } : {}),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  paths['/artifacts'] = {
    post: {
      summary: 'Upload an artifact (multipart field "file", optional field "sha256"); stored by digest and scanned',
      description: 'Token scope: register.',
      requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, sha256: { type: 'string' } } } } } },
      parameters: [IDEMPOTENCY_KEY],
      responses: {
        '201': { description: '{ sha256, size, format, scan: { status, findings } }' },
        '400': jsonError('Declared digest does not match, or the multipart body is malformed or cut short'),
        '409': jsonError('An Idempotency-Key in use or used for other bytes'),
        ...WRITE_ERRORS,
        '413': jsonError('Over the upload size limit (MAX_UPLOAD_BYTES)'),
      },
    },
  };
  paths['/evaluations/reports'] = {
    post: {
      summary: "Attach a tool's report (SARIF, pip-audit, CycloneDX, garak, promptfoo); the server parses it and records computed evidence",
      description:
        'Token scope: register. Multipart: `file` (the report), `modelVersionId`, optional `format` (when it cannot be detected), `environment` (default staging), `datasetVersionId`. The evidence is bound to the version\'s current digest; critical vulnerabilities and failing red-team probes raise findings.',
      requestBody: {
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file', 'modelVersionId'],
              properties: {
                file: { type: 'string', format: 'binary' },
                modelVersionId: { type: 'string' },
                format: { type: 'string', enum: [...REPORT_FORMATS] },
                environment: { type: 'string', enum: [...EVALUATION_ENVIRONMENTS] },
                datasetVersionId: { type: 'string' },
              },
            },
          },
        },
      },
      parameters: [IDEMPOTENCY_KEY],
      responses: {
        '201': { description: 'The evaluation (reportFormat, reportTool, kind), its computed metrics (origin computed, bounds), the report attachment, notes and the findings raised' },
        '400': jsonError('Malformed report (the reason, nothing stored), format not detected (name it), or a malformed multipart body'),
        '404': jsonError('No such model version'),
        '409': jsonError('The system is retired, or an Idempotency-Key in use or used for another request'),
        ...WRITE_ERRORS,
        '413': jsonError('Over the report size limit (MAX_REPORT_BYTES, default 64 MiB)'),
      },
    },
  };
  paths['/systems/import'] = {
    get: {
      summary: 'Download the register template: the columns an import reads, with one example row',
      description: 'Token scope: register.',
      responses: { '200': { description: 'Success', content: { 'text/csv': { schema: { type: 'string' } } } }, '401': jsonError('No session and no valid token'), '403': jsonError('Role or token scope does not allow it') },
    },
    post: {
      summary: 'Import an AI system register: a CSV file as the body, one system per row, owners by email; all or nothing, in one transaction',
      description:
        `Token scope: register. Columns by header (any case): ${REGISTER_COLUMNS.map((c) => `${c.headers.join(' or ')}${c.required ? ' (required)' : ''}`).join(', ')}; others are ignored and named in the answer. ` +
        `At most ${plural(REGISTER_LIMITS.rows, 'row')} and ${plural(REGISTER_LIMITS.bytes, 'byte')}. Each owner is an active data scientist; a data scientist imports only their own systems, a risk officer anyone's. ` +
        'A name already registered, or given twice with different descriptions, refuses the file: importing the same file twice adds nothing the second time. `dryRun=true` checks the file and answers the plan without writing.',
      parameters: [{ name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } }, IDEMPOTENCY_KEY],
      requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
      responses: {
        '200': { description: 'dryRun: { dryRun: true, fileSha256, ignoredColumns, retiredLeftOut: [{ line, name }], systems: [{ line, name, riskTier, lifecycleStatus, owner, awaitsTierConfirmation }] }' },
        '201': { description: 'Imported: the same, each system with its id; every system.created audit event keeps the file\'s SHA-256 and the line' },
        '400': jsonError('Not UTF-8, not CSV, a required column missing, or rows with problems: every problem listed by line and column, nothing imported'),
        '403': jsonError('Role or token scope does not allow it'),
        '409': jsonError('An Idempotency-Key in use or used for another file'),
        '415': jsonError('The body was sent as something other than CSV'),
        ...WRITE_ERRORS,
        '413': jsonError(`Over ${REGISTER_LIMITS.bytes} bytes`),
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Provenant API', version: '1', description: 'AI governance: inventory, lineage, evidence and audit. Authenticate with `Authorization: Bearer <token>`.' },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
