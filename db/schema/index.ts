/**
 * The tables the code queries: SQLite's (db/schema/sqlite.ts) or, when the process runs on PostgreSQL, the same tables
 * from db/schema-pg, typed as SQLite's so that one piece of code serves both. The enums, constants and types come
 * from the SQLite modules through the star export; each table below takes precedence over its star-exported twin.
 * db/schema-parity.test.ts checks that every table is listed here.
 */
import { DIALECT } from '../dialect';
import * as pg from '../schema-pg';
import * as sqlite from './sqlite';

export * from './sqlite';

const chosen = <T>(sqliteTable: T, pgTable: unknown): T => (DIALECT === 'postgresql' ? pgTable : sqliteTable) as T;

export const aiSystems = chosen(sqlite.aiSystems, pg.aiSystems);
export const apiTokens = chosen(sqlite.apiTokens, pg.apiTokens);
export const auditEvents = chosen(sqlite.auditEvents, pg.auditEvents);
export const blobs = chosen(sqlite.blobs, pg.blobs);
export const datasetAliases = chosen(sqlite.datasetAliases, pg.datasetAliases);
export const datasetVersions = chosen(sqlite.datasetVersions, pg.datasetVersions);
export const datasets = chosen(sqlite.datasets, pg.datasets);
export const deployments = chosen(sqlite.deployments, pg.deployments);
export const evaluationAttachments = chosen(sqlite.evaluationAttachments, pg.evaluationAttachments);
export const evaluationMetrics = chosen(sqlite.evaluationMetrics, pg.evaluationMetrics);
export const evaluations = chosen(sqlite.evaluations, pg.evaluations);
export const evidencePacks = chosen(sqlite.evidencePacks, pg.evidencePacks);
export const findingWaivers = chosen(sqlite.findingWaivers, pg.findingWaivers);
export const findings = chosen(sqlite.findings, pg.findings);
export const idempotencyKeys = chosen(sqlite.idempotencyKeys, pg.idempotencyKeys);
export const incidentActions = chosen(sqlite.incidentActions, pg.incidentActions);
export const incidentSystems = chosen(sqlite.incidentSystems, pg.incidentSystems);
export const incidents = chosen(sqlite.incidents, pg.incidents);
export const integrationSettings = chosen(sqlite.integrationSettings, pg.integrationSettings);
export const integrityChecks = chosen(sqlite.integrityChecks, pg.integrityChecks);
export const lineageEdges = chosen(sqlite.lineageEdges, pg.lineageEdges);
export const mlflowDeliveries = chosen(sqlite.mlflowDeliveries, pg.mlflowDeliveries);
export const mlflowModelVersions = chosen(sqlite.mlflowModelVersions, pg.mlflowModelVersions);
export const modelSignatures = chosen(sqlite.modelSignatures, pg.modelSignatures);
export const modelVersions = chosen(sqlite.modelVersions, pg.modelVersions);
export const models = chosen(sqlite.models, pg.models);
export const monitoringBatches = chosen(sqlite.monitoringBatches, pg.monitoringBatches);
export const monitoringPoints = chosen(sqlite.monitoringPoints, pg.monitoringPoints);
export const notifications = chosen(sqlite.notifications, pg.notifications);
export const openLineageEvents = chosen(sqlite.openLineageEvents, pg.openLineageEvents);
export const policyProposals = chosen(sqlite.policyProposals, pg.policyProposals);
export const promotionPolicies = chosen(sqlite.promotionPolicies, pg.promotionPolicies);
export const promotionRequests = chosen(sqlite.promotionRequests, pg.promotionRequests);
export const roleGrants = chosen(sqlite.roleGrants, pg.roleGrants);
export const promotionSnapshots = chosen(sqlite.promotionSnapshots, pg.promotionSnapshots);
export const reviewTriggers = chosen(sqlite.reviewTriggers, pg.reviewTriggers);
export const reviews = chosen(sqlite.reviews, pg.reviews);
export const signInThrottle = chosen(sqlite.signInThrottle, pg.signInThrottle);
export const signatures = chosen(sqlite.signatures, pg.signatures);
export const signingKeys = chosen(sqlite.signingKeys, pg.signingKeys);
export const trainingRuns = chosen(sqlite.trainingRuns, pg.trainingRuns);
export const trustConfigs = chosen(sqlite.trustConfigs, pg.trustConfigs);
export const userEmails = chosen(sqlite.userEmails, pg.userEmails);
export const userRoles = chosen(sqlite.userRoles, pg.userRoles);
export const userSessions = chosen(sqlite.userSessions, pg.userSessions);
export const users = chosen(sqlite.users, pg.users);
export const waiverProposals = chosen(sqlite.waiverProposals, pg.waiverProposals);
export const webhookAttempts = chosen(sqlite.webhookAttempts, pg.webhookAttempts);
export const webhookDeliveries = chosen(sqlite.webhookDeliveries, pg.webhookDeliveries);
export const webhookEndpoints = chosen(sqlite.webhookEndpoints, pg.webhookEndpoints);
