/**
 * Which database this process runs on, fixed at start by configuration: PostgreSQL when DATABASE_URL is set, else the
 * embedded SQLite under DATA_DIR. Read once, before any table is handed out (db/schema picks its tables by it).
 */
export type Dialect = 'sqlite' | 'postgresql';

export const DIALECT: Dialect = process.env.DATABASE_URL ? 'postgresql' : 'sqlite';
