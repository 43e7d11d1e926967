import { describe, expect, it } from 'vitest';
import { pgToolConnection } from './pg-dump';

describe("pg_dump's connection", () => {
  it('keeps the password off the command line, from the userinfo or a password parameter, percent-decoded', () => {
    const fromUserinfo = pgToolConnection('postgres://app:p%40ss%2Fw0rd@db.internal:5432/provenant');
    expect(fromUserinfo.dbname).toBe('postgres://app@db.internal:5432/provenant');
    expect(fromUserinfo.env.PGPASSWORD).toBe('p@ss/w0rd');
    const fromParameter = pgToolConnection('postgres://app@db.internal/provenant?password=s3cret&application_name=x');
    expect(fromParameter.dbname).toBe('postgres://app@db.internal/provenant?application_name=x');
    expect(fromParameter.env.PGPASSWORD).toBe('s3cret');
  });

  it("drops what only node-postgres understands and translates its sslmode, so libpq accepts the URL the app uses", () => {
    expect(pgToolConnection('postgres://app:x@db/provenant?ssl=true&uselibpqcompat=true').dbname).toBe('postgres://app@db/provenant');
    expect(pgToolConnection('postgres://app:x@db/provenant?sslmode=no-verify').dbname).toBe('postgres://app@db/provenant?sslmode=require');
    expect(pgToolConnection('postgres://app:x@db/provenant?sslmode=verify-full').dbname).toBe('postgres://app@db/provenant?sslmode=verify-full');
    expect(pgToolConnection('postgres://app:x@db/provenant?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem').dbname).toBe('postgres://app@db/provenant?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem');
  });
});
