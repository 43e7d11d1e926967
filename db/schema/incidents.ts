import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, updatedAt } from './columns';
import { SEVERITIES } from './findings';
import { aiSystems } from './systems';
import { users } from './users';
import { INCIDENT_CATEGORIES, type IncidentCategory } from './vocabulary';

export { INCIDENT_CATEGORIES, type IncidentCategory };

/** Art. 73 reporting clocks: 15 days in general, 10 where a death may be involved, 2 for widespread or critical infrastructure. */

export const INCIDENT_STATUSES = ['open', 'reported', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const incidents = sqliteTable(
  'incidents',
  {
    id: id(),
    number: integer('number').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    affectedPeople: text('affected_people').notNull().default(''),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    serious: integer('serious', { mode: 'boolean' }).notNull(),
    category: text('category', { enum: INCIDENT_CATEGORIES }).notNull().default('general'),
    /** When the provider became aware: the reporting clock starts here (never in the future). */
    awareAt: text('aware_at').notNull(),
    /** Null when the incident is not serious: nothing must be reported to an authority. */
    reportDeadline: text('report_deadline'),
    reportedAt: text('reported_at'),
    authorityReference: text('authority_reference'),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull().default('open'),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    createdById: text('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('incidents_status_deadline_idx').on(t.status, t.reportDeadline)],
);

export const incidentSystems = sqliteTable(
  'incident_systems',
  {
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    systemId: text('system_id')
      .notNull()
      .references(() => aiSystems.id),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.systemId] }), index('incident_systems_system_idx').on(t.systemId)],
);

/** The incident's timeline: what was done, when and by whom. Append-only. */
export const incidentActions = sqliteTable(
  'incident_actions',
  {
    id: id(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: text('at').notNull(),
    actorId: text('actor_id').references(() => users.id),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('incident_actions_incident_idx').on(t.incidentId, t.at)],
);
