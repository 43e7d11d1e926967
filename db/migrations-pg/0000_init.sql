CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"secret_sha256" text NOT NULL,
	"prefix" text NOT NULL,
	"expires_at" text,
	"last_used_at" text,
	"revoked_at" text,
	"created_at" text NOT NULL,
	CONSTRAINT "api_tokens_secret_sha256_unique" UNIQUE("secret_sha256")
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" bigint NOT NULL,
	"locked_until" bigint
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "user_roles_user_id_role_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" text NOT NULL,
	"expires_at" text NOT NULL,
	"ended_at" text,
	"ended_reason" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"last_sign_in_at" text,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "ai_systems" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"intended_use" text DEFAULT '' NOT NULL,
	"out_of_scope_uses" text DEFAULT '' NOT NULL,
	"business_owner" text DEFAULT '' NOT NULL,
	"owner_id" text NOT NULL,
	"risk_tier" text NOT NULL,
	"general_purpose_model" boolean DEFAULT false NOT NULL,
	"risk_rationale" jsonb,
	"lifecycle_status" text DEFAULT 'planned' NOT NULL,
	"deployment_context" text DEFAULT '' NOT NULL,
	"human_oversight" text DEFAULT '' NOT NULL,
	"personal_data" boolean DEFAULT false NOT NULL,
	"next_review_date" text,
	"third_party" boolean DEFAULT false NOT NULL,
	"vendor_name" text,
	"vendor_contract" text,
	"vendor_data_shared" text,
	"limitations" text DEFAULT '' NOT NULL,
	"ethical_considerations" text DEFAULT '' NOT NULL,
	"recommendations" text DEFAULT '' NOT NULL,
	"retired_at" text,
	"created_by_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"version" text NOT NULL,
	"artifact_sha256" text NOT NULL,
	"artifact_size" bigint,
	"format" text NOT NULL,
	"uri" text,
	"license" text DEFAULT '' NOT NULL,
	"external_source" text,
	"external_revision" text,
	"external_ref" text,
	"stage" text DEFAULT 'development' NOT NULL,
	"stage_changed_at" text,
	"scan_status" text DEFAULT 'unknown' NOT NULL,
	"scan_findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"integrity_verified_at" text,
	"integrity_ok" boolean,
	"registered_by_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" text PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"task" text DEFAULT '' NOT NULL,
	"library_name" text,
	"pipeline_tag" text,
	"languages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"approach" text,
	"architecture_family" text,
	"model_architecture" text,
	"inputs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outputs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"external_ref" text,
	"created_by_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_aliases" (
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"dataset_id" text NOT NULL,
	"type" text,
	"created_at" text NOT NULL,
	CONSTRAINT "dataset_aliases_namespace_name_pk" PRIMARY KEY("namespace","name")
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"dataset_id" text NOT NULL,
	"version" text NOT NULL,
	"sha256" text,
	"size" bigint,
	"uri" text,
	"license" text,
	"personal_data" boolean,
	"created_by_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" text PRIMARY KEY NOT NULL,
	"system_id" text,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"license" text DEFAULT '' NOT NULL,
	"personal_data" boolean DEFAULT false NOT NULL,
	"provenance" text DEFAULT '' NOT NULL,
	"datasheet" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"facets" jsonb,
	"created_by_id" text,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" text PRIMARY KEY NOT NULL,
	"model_version_id" text,
	"environment" text NOT NULL,
	"endpoint" text NOT NULL,
	"reported_sha256" text NOT NULL,
	"reported_at" text NOT NULL,
	"created_by_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lineage_edges" (
	"from_node" text NOT NULL,
	"to_node" text NOT NULL,
	"relation" text NOT NULL,
	"statistics" jsonb,
	"created_at" text NOT NULL,
	CONSTRAINT "lineage_edges_from_node_to_node_pk" PRIMARY KEY("from_node","to_node")
);
--> statement-breakpoint
CREATE TABLE "openlineage_events" (
	"sha256" text PRIMARY KEY NOT NULL,
	"external_run_id" text NOT NULL,
	"event_type" text,
	"event_time" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"external_run_id" text NOT NULL,
	"job_namespace" text NOT NULL,
	"job_name" text NOT NULL,
	"code_repository" text,
	"code_commit" text,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"environment_digest" text,
	"state" text DEFAULT 'COMPLETE' NOT NULL,
	"started_at" text,
	"ended_at" text,
	"facets" jsonb,
	"job_type" jsonb,
	"parent_external_run_id" text,
	"parent_job_namespace" text,
	"parent_job_name" text,
	"last_event_time" text,
	"created_by_id" text,
	"created_at" text NOT NULL,
	CONSTRAINT "training_runs_external_run_id_unique" UNIQUE("external_run_id")
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"format" text NOT NULL,
	"original_name" text,
	"media_type" text,
	"scan" jsonb,
	"uploaded_by_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity_checks" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"kind" text NOT NULL,
	"ok" boolean NOT NULL,
	"expected_sha256" text,
	"actual_sha256" text,
	"message" text DEFAULT '' NOT NULL,
	"checked_by_id" text,
	"resolved_at" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"evaluation_id" text NOT NULL,
	"blob_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_metrics" (
	"id" text PRIMARY KEY NOT NULL,
	"evaluation_id" text NOT NULL,
	"name" text NOT NULL,
	"metric_type" text,
	"unit" text,
	"verified" boolean,
	"value" double precision NOT NULL,
	"threshold" double precision,
	"comparator" text,
	"passed" boolean,
	"origin" text DEFAULT 'claimed' NOT NULL,
	"lower_bound" double precision,
	"upper_bound" double precision
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" text PRIMARY KEY NOT NULL,
	"model_version_id" text NOT NULL,
	"artifact_sha256" text NOT NULL,
	"kind" text NOT NULL,
	"environment" text NOT NULL,
	"dataset_version_id" text,
	"producer" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"performed_at" text NOT NULL,
	"created_by_id" text,
	"created_at" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"status_changed_at" text,
	"status_changed_by_id" text,
	"superseded_by_id" text,
	"report_format" text,
	"report_tool" text,
	"model_index_result" jsonb
);
--> statement-breakpoint
CREATE TABLE "promotion_policies" (
	"id" text PRIMARY KEY NOT NULL,
	"risk_tier" text NOT NULL,
	"target_stage" text NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotion_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"model_version_id" text NOT NULL,
	"target_stage" text NOT NULL,
	"from_stage" text,
	"requester_id" text NOT NULL,
	"justification" text NOT NULL,
	"policy_id" text NOT NULL,
	"gate_result" jsonb NOT NULL,
	"snapshot_sha256" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"expedited_rollback" boolean DEFAULT false NOT NULL,
	"closed_at" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotion_snapshots" (
	"sha256" text PRIMARY KEY NOT NULL,
	"canonical_json" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signatures" (
	"id" text PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"signer_id" text NOT NULL,
	"printed_name" text NOT NULL,
	"role" text NOT NULL,
	"decision" text NOT NULL,
	"meaning" text NOT NULL,
	"signed_at" text NOT NULL,
	"snapshot_sha256" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" text,
	"after" text,
	"ip" text,
	"user_agent" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_packs" (
	"id" text PRIMARY KEY NOT NULL,
	"scope_type" text NOT NULL,
	"scope_id" text,
	"period_from" text,
	"period_to" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"phase" text,
	"runner_id" text,
	"page_count" integer,
	"pdf_size" bigint,
	"zip_size" bigint,
	"pdf_sha256" text,
	"zip_sha256" text,
	"error" text,
	"requested_by_id" text NOT NULL,
	"created_at" text NOT NULL,
	"started_at" text,
	"finished_at" text
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"caller_key" text NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_sha256" text NOT NULL,
	"status" integer NOT NULL,
	"response_body" text NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "idempotency_keys_caller_key_key_pk" PRIMARY KEY("caller_key","key")
);
--> statement-breakpoint
CREATE TABLE "monitoring_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"model_version_id" text NOT NULL,
	"deployment_id" text,
	"window_start" text NOT NULL,
	"window_end" text NOT NULL,
	"source" text NOT NULL,
	"producer" text DEFAULT '' NOT NULL,
	"point_count" integer NOT NULL,
	"body_sha256" text NOT NULL,
	"created_by_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_points" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"model_version_id" text NOT NULL,
	"metric" text NOT NULL,
	"feature" text,
	"window_end" text NOT NULL,
	"value" double precision,
	"value_source" text NOT NULL,
	"reported_value" double precision,
	"reported_drift" boolean,
	"computed_psi" double precision,
	"computed_js" double precision,
	"histograms" jsonb
);
--> statement-breakpoint
CREATE TABLE "finding_waivers" (
	"id" text PRIMARY KEY NOT NULL,
	"finding_id" text NOT NULL,
	"justification" text NOT NULL,
	"compensating_controls" text NOT NULL,
	"expires_at" text NOT NULL,
	"signer_id" text NOT NULL,
	"printed_name" text NOT NULL,
	"role" text NOT NULL,
	"meaning" text NOT NULL,
	"signed_at" text NOT NULL,
	"ended_at" text,
	"ended_reason" text
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" text PRIMARY KEY NOT NULL,
	"number" integer NOT NULL,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"remediation_plan" text DEFAULT '' NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"system_id" text,
	"owner_id" text NOT NULL,
	"due_date" text NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"dedupe_key" text,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"last_seen_at" text NOT NULL,
	"raised_by_id" text,
	"closed_at" text,
	"closed_by_id" text,
	"closure_evidence" text,
	"closure_meaning" text,
	"closure_role" text,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "findings_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "review_triggers" (
	"id" text PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"created_at" text NOT NULL,
	"resolved_by_review_id" text
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"kind" text NOT NULL,
	"outcome" text NOT NULL,
	"conditions" text DEFAULT '' NOT NULL,
	"snapshot_sha256" text NOT NULL,
	"due_date" text,
	"next_review_date" text NOT NULL,
	"signer_id" text NOT NULL,
	"printed_name" text NOT NULL,
	"role" text NOT NULL,
	"meaning" text NOT NULL,
	"signed_at" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"at" text NOT NULL,
	"actor_id" text,
	"text" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_systems" (
	"incident_id" text NOT NULL,
	"system_id" text NOT NULL,
	CONSTRAINT "incident_systems_incident_id_system_id_pk" PRIMARY KEY("incident_id","system_id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"affected_people" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"serious" boolean NOT NULL,
	"category" text DEFAULT 'general' NOT NULL,
	"aware_at" text NOT NULL,
	"report_deadline" text,
	"reported_at" text,
	"authority_reference" text,
	"status" text DEFAULT 'open' NOT NULL,
	"owner_id" text NOT NULL,
	"created_by_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "incidents_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"href" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"created_at" text NOT NULL,
	"read_at" text
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"at" text NOT NULL,
	"http_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"endpoint_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" text NOT NULL,
	"lease_until" text,
	"delivered_at" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"secret" text NOT NULL,
	"event_types" jsonb NOT NULL,
	"allow_private_network" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by_id" text NOT NULL,
	"created_at" text NOT NULL,
	"disabled_at" text
);
--> statement-breakpoint
CREATE TABLE "integration_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_by_id" text,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mlflow_deliveries" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"sent_at" text NOT NULL,
	"created_at" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mlflow_model_versions" (
	"name" text NOT NULL,
	"version" text NOT NULL,
	"run_id" text,
	"source" text,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_version_id" text,
	"updated_at" text NOT NULL,
	CONSTRAINT "mlflow_model_versions_name_version_pk" PRIMARY KEY("name","version")
);
--> statement-breakpoint
CREATE TABLE "model_signatures" (
	"id" text PRIMARY KEY NOT NULL,
	"model_version_id" text NOT NULL,
	"bundle_sha256" text NOT NULL,
	"status" text NOT NULL,
	"signer_identity" text,
	"signed_files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"trust_config_version" integer,
	"reason" text DEFAULT '' NOT NULL,
	"created_by_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"public_key_pem" text NOT NULL,
	"created_at" text NOT NULL,
	"retired_at" text
);
--> statement-breakpoint
CREATE TABLE "trust_configs" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"created_by_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_systems" ADD CONSTRAINT "ai_systems_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_systems" ADD CONSTRAINT "ai_systems_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_registered_by_id_users_id_fk" FOREIGN KEY ("registered_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_system_id_ai_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."ai_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_aliases" ADD CONSTRAINT "dataset_aliases_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_system_id_ai_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."ai_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blobs" ADD CONSTRAINT "blobs_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrity_checks" ADD CONSTRAINT "integrity_checks_checked_by_id_users_id_fk" FOREIGN KEY ("checked_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_attachments" ADD CONSTRAINT "evaluation_attachments_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_attachments" ADD CONSTRAINT "evaluation_attachments_blob_sha256_blobs_sha256_fk" FOREIGN KEY ("blob_sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_metrics" ADD CONSTRAINT "evaluation_metrics_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_status_changed_by_id_users_id_fk" FOREIGN KEY ("status_changed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_policies" ADD CONSTRAINT "promotion_policies_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_policy_id_promotion_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."promotion_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_snapshot_sha256_promotion_snapshots_sha256_fk" FOREIGN KEY ("snapshot_sha256") REFERENCES "public"."promotion_snapshots"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_request_id_promotion_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."promotion_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_packs" ADD CONSTRAINT "evidence_packs_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_batches" ADD CONSTRAINT "monitoring_batches_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_batches" ADD CONSTRAINT "monitoring_batches_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_batches" ADD CONSTRAINT "monitoring_batches_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_points" ADD CONSTRAINT "monitoring_points_batch_id_monitoring_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."monitoring_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_points" ADD CONSTRAINT "monitoring_points_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_waivers" ADD CONSTRAINT "finding_waivers_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_waivers" ADD CONSTRAINT "finding_waivers_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_system_id_ai_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."ai_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_raised_by_id_users_id_fk" FOREIGN KEY ("raised_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_closed_by_id_users_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_triggers" ADD CONSTRAINT "review_triggers_system_id_ai_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."ai_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_system_id_ai_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."ai_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_actions" ADD CONSTRAINT "incident_actions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_actions" ADD CONSTRAINT "incident_actions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_systems" ADD CONSTRAINT "incident_systems_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_systems" ADD CONSTRAINT "incident_systems_system_id_ai_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."ai_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_settings" ADD CONSTRAINT "integration_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mlflow_model_versions" ADD CONSTRAINT "mlflow_model_versions_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_signatures" ADD CONSTRAINT "model_signatures_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_signatures" ADD CONSTRAINT "model_signatures_bundle_sha256_blobs_sha256_fk" FOREIGN KEY ("bundle_sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_signatures" ADD CONSTRAINT "model_signatures_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_configs" ADD CONSTRAINT "trust_configs_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ai_systems_tier_idx" ON "ai_systems" USING btree ("risk_tier","name");--> statement-breakpoint
CREATE INDEX "ai_systems_status_idx" ON "ai_systems" USING btree ("lifecycle_status","name");--> statement-breakpoint
CREATE INDEX "ai_systems_owner_idx" ON "ai_systems" USING btree ("owner_id","name");--> statement-breakpoint
CREATE INDEX "ai_systems_name_idx" ON "ai_systems" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ai_systems_updated_idx" ON "ai_systems" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "ai_systems_review_idx" ON "ai_systems" USING btree ("next_review_date");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_model_version_uq" ON "model_versions" USING btree ("model_id","version");--> statement-breakpoint
CREATE INDEX "model_versions_digest_idx" ON "model_versions" USING btree ("artifact_sha256");--> statement-breakpoint
CREATE INDEX "model_versions_stage_idx" ON "model_versions" USING btree ("stage");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_external_ref_uq" ON "model_versions" USING btree ("external_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "models_system_name_uq" ON "models" USING btree ("system_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "models_external_ref_uq" ON "models" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "dataset_aliases_dataset_idx" ON "dataset_aliases" USING btree ("dataset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_versions_uq" ON "dataset_versions" USING btree ("dataset_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_ns_name_uq" ON "datasets" USING btree ("namespace","name");--> statement-breakpoint
CREATE INDEX "datasets_system_idx" ON "datasets" USING btree ("system_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_env_endpoint_uq" ON "deployments" USING btree ("environment","endpoint");--> statement-breakpoint
CREATE INDEX "deployments_version_idx" ON "deployments" USING btree ("model_version_id");--> statement-breakpoint
CREATE INDEX "lineage_edges_to_idx" ON "lineage_edges" USING btree ("to_node");--> statement-breakpoint
CREATE INDEX "openlineage_events_run_idx" ON "openlineage_events" USING btree ("external_run_id");--> statement-breakpoint
CREATE INDEX "training_runs_job_idx" ON "training_runs" USING btree ("job_namespace","job_name");--> statement-breakpoint
CREATE INDEX "training_runs_parent_idx" ON "training_runs" USING btree ("parent_external_run_id");--> statement-breakpoint
CREATE INDEX "integrity_checks_subject_idx" ON "integrity_checks" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "evaluation_attachments_eval_idx" ON "evaluation_attachments" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "evaluation_metrics_eval_idx" ON "evaluation_metrics" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "evaluations_version_idx" ON "evaluations" USING btree ("model_version_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_policies_uq" ON "promotion_policies" USING btree ("risk_tier","target_stage","version");--> statement-breakpoint
CREATE INDEX "promotion_requests_status_idx" ON "promotion_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "promotion_requests_version_idx" ON "promotion_requests" USING btree ("model_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signatures_request_signer_uq" ON "signatures" USING btree ("request_id","signer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signatures_request_role_uq" ON "signatures" USING btree ("request_id","role","signer_id");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "monitoring_batches_version_idx" ON "monitoring_batches" USING btree ("model_version_id","window_end");--> statement-breakpoint
CREATE INDEX "monitoring_points_series_idx" ON "monitoring_points" USING btree ("model_version_id","metric","feature","window_end");--> statement-breakpoint
CREATE INDEX "monitoring_points_batch_idx" ON "monitoring_points" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "finding_waivers_finding_idx" ON "finding_waivers" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "finding_waivers_expiry_idx" ON "finding_waivers" USING btree ("ended_at","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_active_dedupe_uq" ON "findings" USING btree ("dedupe_key") WHERE "findings"."dedupe_key" IS NOT NULL AND "findings"."status" IN ('open', 'in_remediation', 'ready_for_validation', 'accepted');--> statement-breakpoint
CREATE INDEX "findings_status_due_idx" ON "findings" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "findings_severity_idx" ON "findings" USING btree ("severity","status","due_date");--> statement-breakpoint
CREATE INDEX "findings_subject_idx" ON "findings" USING btree ("subject_type","subject_id","status","severity");--> statement-breakpoint
CREATE INDEX "findings_system_idx" ON "findings" USING btree ("system_id","status");--> statement-breakpoint
CREATE INDEX "findings_owner_idx" ON "findings" USING btree ("owner_id","status","due_date");--> statement-breakpoint
CREATE INDEX "findings_created_idx" ON "findings" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "findings_type_idx" ON "findings" USING btree ("type","status","due_date");--> statement-breakpoint
CREATE INDEX "review_triggers_system_idx" ON "review_triggers" USING btree ("system_id","resolved_by_review_id");--> statement-breakpoint
CREATE INDEX "reviews_system_idx" ON "reviews" USING btree ("system_id","signed_at");--> statement-breakpoint
CREATE INDEX "incident_actions_incident_idx" ON "incident_actions" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "incident_systems_system_idx" ON "incident_systems" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "incidents_status_deadline_idx" ON "incidents" USING btree ("status","report_deadline");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","read_at","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_recent_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_attempts_uq" ON "webhook_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "mlflow_deliveries_received_idx" ON "mlflow_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "model_signatures_version_idx" ON "model_signatures" USING btree ("model_version_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "trust_configs_version_uq" ON "trust_configs" USING btree ("version");