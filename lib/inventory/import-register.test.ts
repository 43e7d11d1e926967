// First: installs the request scope Next's modules look for when they load.
import { inRequestScope } from '@/lib/http/testing';
import { and, count, eq, inArray } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as importRoute from '@/app/api/v1/systems/import/route';
import * as exportRoute from '@/app/api/v1/exports/inventory.csv/route';
import { first, getDb, unguardedWriter } from '@/db';
import { aiSystems, auditEvents, notifications, users } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Forbidden, Invalid } from '@/lib/errors';
import { getWithToken } from '@/lib/exports/test-request';
import { makeActor, makeSystem } from '@/lib/testing';
import { createModel } from './create-model';
import { checkRegister, importRegister } from './import-register';
import { REGISTER_LIMITS, registerTemplateCsv } from './register-columns';

let rita: Actor;
let dana: Actor;
let sam: Actor;
let aude: Actor;
let leaver: Actor;
beforeAll(async () => {
  [rita, dana, sam, aude, leaver] = await Promise.all([makeActor(['risk_officer'], 'rita'), makeActor(['data_scientist'], 'dana'), makeActor(['data_scientist'], 'sam'), makeActor(['auditor'], 'aude'), makeActor(['data_scientist'], 'leaver')]);
  await unguardedWriter().update(users).set({ disabled: true }).where(eq(users.id, leaver.userId));
});

const bytes = (text: string) => new TextEncoder().encode(text);
const auditCount = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;
const systemsNamed = async (names: string[]) => await getDb().select().from(aiSystems).where(inArray(aiSystems.name, names));
const issuesOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(Invalid);
  return (error as Invalid).issues ?? [];
};
let n = 0;
const unique = (name: string) => `${name} ${++n}-${Math.random().toString(36).slice(2, 6)}`;

/**
 * A register as Excel writes it with "CSV UTF-8" in a locale whose decimal separator is a comma (most of the EU):
 * a byte-order mark, CRLF line ends, semicolons between cells, a quoted cell holding a line break and a semicolon,
 * a Yes in title case and, as spreadsheets export it, an apostrophe before a cell that would run as a formula.
 */
function excelRegister(names: [string, string, string]) {
  return '\uFEFF' + [
    'System;Purpose;Risk tier;Owner email;Lifecycle status;Personal data;Vendor;Next review date;Limitations;Internal ref',
    `${names[0]};Scores consumer loan applications.;High;${dana.email.toUpperCase()};active;Yes;;2027-03-31;"Not for applicants with\r\nunder six months of history; see MV-12.";CR-001`,
    `${names[1]};Routes claims to handlers.;limited;${sam.email};development;no;Acme Analytics Ltd;;'-10% recall on rare claims;CR-002`,
    `${names[2]};Drafts replies to customer emails.;minimal;${dana.email};;;;;;CR-003`,
  ].join('\r\n') + '\r\n';
}

describe('importing an AI system register', () => {
  it('brings in a register as Excel saves it: one system per row, owned by the people its emails name, each audited with the file and line', async () => {
    const names: [string, string, string] = [unique('Retail credit scoring'), unique('Claims routing'), unique('Email drafting')];
    // A retired system and the bare separators a spreadsheet leaves under its table are no system to bring in.
    const file = bytes(`${excelRegister(names)}Old scorecard;Retired in 2023.;high;${dana.email};retired;;;;;CR-000\r\n;;;;;;;;;\r\n;;;;;;;;;\r\n`);
    const before = await auditCount();
    const result = await importRegister(rita, file);
    expect(result.ignoredColumns).toEqual(['Internal ref']);
    expect(result.retiredLeftOut).toEqual([{ line: 6, name: 'Old scorecard' }]);
    expect(result.systems.map((s) => [s.line, s.name, s.riskTier, s.lifecycleStatus, s.owner.id, s.awaitsTierConfirmation])).toEqual([
      [2, names[0], 'high', 'active', dana.userId, false],
      [4, names[1], 'limited', 'development', sam.userId, true],
      [5, names[2], 'minimal', 'planned', dana.userId, true],
    ]);
    const rows = new Map((await systemsNamed(names)).map((s) => [s.name, s]));
    expect(rows.get(names[0])).toMatchObject({ ownerId: dana.userId, createdById: rita.userId, personalData: true, thirdParty: false, nextReviewDate: '2027-03-31', limitations: 'Not for applicants with\nunder six months of history; see MV-12.' });
    expect(rows.get(names[1])).toMatchObject({ ownerId: sam.userId, thirdParty: true, vendorName: 'Acme Analytics Ltd', limitations: '-10% recall on rare claims', tierConfirmedById: null });
    expect((rows.get(names[0])!.riskRationale as { classifiedBy: string }).classifiedBy).toBe(rita.email);

    expect(await auditCount()).toBe(before + 3);
    const events = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'system.created'), inArray(auditEvents.entityId, result.systems.map((s) => s.id))));
    expect(events.map((e) => JSON.parse(e.after!).importedFrom).sort((a, b) => a.line - b.line)).toEqual([2, 4, 5].map((line) => ({ fileSha256: result.fileSha256, line })));
    expect(result.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyAuditChain()).ok).toBe(true);

    const told = async (userId: string) => (await getDb().select({ title: notifications.title }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.type, 'system.imported')))).map((t) => t.title);
    expect((await told(dana.userId)).at(-1)).toBe(`${rita.name} brought in 2 AI systems you own from a register: ${names[0]}, ${names[2]}`);
    expect((await told(sam.userId)).at(-1)).toBe(`${rita.name} brought in 1 AI system you own from a register: ${names[1]}`);
    expect(await told(rita.userId)).toEqual([]);
  });

  it('checks without writing on a dry run, and refuses the same file a second time, adding nothing', async () => {
    const names: [string, string, string] = [unique('Dry credit'), unique('Dry claims'), unique('Dry email')];
    const file = bytes(excelRegister(names));
    const before = await auditCount();
    const plan = await checkRegister(rita, file);
    expect(plan.systems).toHaveLength(3);
    expect(await auditCount()).toBe(before);
    expect(await systemsNamed(names)).toEqual([]);

    await importRegister(rita, file);
    const imported = await auditCount();
    const issues = await issuesOf(importRegister(rita, file));
    expect(issues).toEqual(names.map((name, i) => ({ path: `line ${[2, 4, 5][i]}, System`, message: `A system named "${name}" is already registered. Remove the row, or rename one of the two.` })));
    expect(await auditCount()).toBe(imported);
  });

  it('knows a name already registered whatever its case, in any script', async () => {
    const name = unique('Überweisungsprüfung ÉTÉ');
    await importRegister(rita, bytes(`System,Purpose,Risk tier,Owner email\n${name},Checks transfers.,high,${dana.email}\n`));
    const issues = await issuesOf(checkRegister(rita, bytes(`System,Purpose,Risk tier,Owner email\n${name.toLowerCase()},Checks transfers.,high,${dana.email}\n`)));
    expect(issues).toEqual([{ path: 'line 2, System', message: `A system named "${name.toLowerCase()}" is already registered. Remove the row, or rename one of the two.` }]);
  });

  it('imports one of two racing imports of the same file, whole', async () => {
    const names: [string, string, string] = [unique('Raced credit'), unique('Raced claims'), unique('Raced email')];
    const file = bytes(excelRegister(names));
    const results = await Promise.allSettled([importRegister(rita, file), importRegister(rita, file), importRegister(rita, file)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await systemsNamed(names)).toHaveLength(3);
  });

  it('refuses the whole file when any row has a problem, listing every problem by line and column', async () => {
    const taken = (await makeSystem(dana, { name: unique('Already here') })).name;
    const good = unique('Good row');
    const file = bytes([
      'System,Purpose,Risk tier,Owner email,Lifecycle status,Personal data,Next review date,General-purpose model',
      `${good},Fine.,high,${dana.email},active,no,2027-01-31,no`,
      `Bad tier,Fine.,very high,${dana.email},,,,`,
      `Bad flags,Fine.,high,${dana.email},,perhaps,31/01/2027,`,
      `No purpose,,high,${dana.email},,,,`,
      'Unknown owner,Fine.,high,nobody@bank.example,,,,',
      `Disabled owner,Fine.,high,${leaver.email},,,,`,
      `Auditor owner,Fine.,high,${aude.email},,,,`,
      `Retired,Fine.,high,${dana.email},retired,,,`,
      `No owner,Fine.,high,,,,,`,
      'Three problems,,,nobody@bank.example,,,,',
      `${taken},Fine.,high,${dana.email},,,,`,
      `${good},Said otherwise.,high,${dana.email},active,no,2027-01-31,no`,
    ].join('\n'));
    const before = await auditCount();
    const issues = await issuesOf(importRegister(rita, file));
    expect(issues.map((i) => i.path)).toEqual([
      'line 3, Risk tier',
      'line 4, Personal data',
      'line 4, Next review date',
      'line 5, Purpose',
      'line 6, Owner email',
      'line 7, Owner email',
      'line 8, Owner email',
      'line 10, Owner email',
      'line 11, Owner email',
      'line 11, Purpose',
      'line 11, Risk tier',
      'line 12, System',
      'line 13, System',
    ]);
    expect(issues.find((i) => i.path === 'line 5, Purpose')!.message).toBe('Required.');
    expect(issues.find((i) => i.path === 'line 10, Owner email')!.message).toBe('Required.');
    expect(issues.find((i) => i.path === 'line 6, Owner email')!.message).toBe('No active data scientist has the email nobody@bank.example: the owner registers the system’s models.');
    expect(issues.find((i) => i.path === 'line 13, System')!.message).toBe(`"${good}" is also on line 2, described differently. Give each system one description.`);
    expect(await auditCount()).toBe(before);
    expect(await systemsNamed([good])).toEqual([]);
  });

  it('lets a data scientist import their own systems only, and an auditor none', async () => {
    const mine = unique('Own forecasting');
    const header = 'System,Purpose,Risk tier,Owner email';
    expect((await importRegister(dana, bytes(`${header}\n${mine},Forecasts branch cash.,high,${dana.email}\n`))).systems[0]!.owner.id).toBe(dana.userId);
    const issues = await issuesOf(importRegister(dana, bytes(`${header}\n${unique('For Sam')},Fine.,high,${sam.email}\n`)));
    expect(issues).toEqual([{ path: 'line 2, Owner email', message: 'You register systems for yourself; a risk officer imports a register for other owners.' }]);
    await expect(importRegister(aude, bytes(`${header}\nX,Fine.,high,${dana.email}\n`))).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses what is not a register: not UTF-8, not CSV, ragged rows, a missing column, text the app never keeps, too many rows', async () => {
    const header = 'System,Purpose,Risk tier,Owner email';
    const refusal = async (file: Uint8Array) => (await importRegister(rita, file).then(() => null, (e: unknown) => e)) as Invalid;
    expect((await refusal(new Uint8Array([0x53, 0x79, 0x73, 0xe9, 0x0a]))).message).toBe('The file is not well-formed UTF-8. Save the spreadsheet as "CSV UTF-8" and try again.');
    expect((await refusal(bytes(`${header}\nA,"unclosed,high,${dana.email}\n`))).message).toMatch(/^The file is not valid CSV at line 2: Quote Not Closed/);
    expect((await refusal(bytes(`${header}\nA,B,high,${dana.email},extra\n`))).message).toMatch(/^The file is not valid CSV at line 2: Invalid Record Length/);
    expect((await refusal(bytes(`System,Purpose,Owner email\nA,B,${dana.email}\n`))).issues).toEqual([{ path: 'Risk tier', message: 'The register has no "Risk tier" column.' }]);
    expect((await refusal(bytes(`System,Name,Purpose,Risk tier,Owner email\nA,A,B,high,${dana.email}\n`))).issues).toEqual([{ path: 'System', message: 'Given 2 times ("System", "Name"); keep one.' }]);
    expect((await refusal(bytes(`${header}\nA\u0000,B,high,${dana.email}\n`))).issues).toEqual([{ path: 'line 2, System', message: 'The cell contains a NUL character.' }]);
    expect((await refusal(bytes(`${header}\nA\u202E,B,high,${dana.email}\n`))).issues![0]!.message).toMatch(/bidirectional control/);
    expect((await refusal(bytes(`${header}\n`))).message).toBe('The file has a header row but no AI system under it.');
    // Headings it leaves out are named, a few, as text safe to show.
    const odd = `${header},Ref\u0000,Note\u202E${'x'.repeat(200)},${Array.from({ length: 30 }, (_, i) => `Extra ${i}`).join(',')}`;
    const named = (await checkRegister(rita, bytes(`${odd}\n${unique('Odd headings')},Fine.,high,${dana.email}${',x'.repeat(32)}\n`))).ignoredColumns;
    expect(named).toHaveLength(20);
    expect(named.slice(0, 3)).toEqual(['Ref', `Note${'x'.repeat(75)}…`, 'Extra 0']);
    expect((await refusal(bytes(`${header},Lifecycle status\nOld,Gone.,high,${dana.email},retired\n`))).issues).toEqual([{ path: 'file', message: 'Every row is a retired system: there is nothing to import.' }]);
    expect((await refusal(bytes(''))).message).toBe('The file is empty: a header row and one row per AI system are expected.');
    const many = `${header}\n${Array.from({ length: REGISTER_LIMITS.rows + 1 }, (_, i) => `S${i},P,high,${dana.email}`).join('\n')}\n`;
    expect((await refusal(bytes(many))).message).toBe('The file lists 1,001 rows; import at most 1,000 rows at a time.');
  });

  it('reads Provenant’s own inventory export (one row per model) and its template, so one Provenant’s register moves to another', async () => {
    const source = await makeSystem(dana, { name: unique('Exported fraud scoring'), riskTier: 'high', personalData: true, businessOwner: 'Head of Fraud', thirdParty: true, vendorName: 'Acme', nextReviewDate: '2027-05-01' });
    await createModel(dana, { systemId: source.id, name: 'gbm' });
    await createModel(dana, { systemId: source.id, name: 'rules' });
    const token = (await createApiToken(systemActor('test'), rita.userId, { name: 'export', scopes: ['read'] })).secret;
    const exported = await (await getWithToken(exportRoute.GET, `/api/v1/exports/inventory.csv?q=${encodeURIComponent(source.name)}`, token)).text();
    const moved = `${source.name} (moved)`;
    const plan = await checkRegister(rita, bytes(exported.replaceAll(source.name, moved)));
    expect(plan.systems).toEqual([{ line: 2, name: moved, riskTier: 'high', lifecycleStatus: source.lifecycleStatus, owner: { id: dana.userId, name: dana.name, email: dana.email }, awaitsTierConfirmation: false }]);
    expect(plan.ignoredColumns).toContain('System ID');

    const template = registerTemplateCsv(dana.email).replace('Example: retail credit scoring', unique('Template row'));
    expect((await checkRegister(rita, bytes(template))).systems).toHaveLength(1);
  });
});

describe('POST /api/v1/systems/import', () => {
  const post = (token: string | null, body: BodyInit, { type = 'text/csv', query = '' } = {}) =>
    importRoute.POST(new NextRequest(`http://localhost/api/v1/systems/import${query}`, { method: 'POST', body, headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) } }), { params: Promise.resolve({}) });

  it('imports with a register-scoped token, answers 201, and refuses the wrong type, an oversized body, a read-only token and no token', async () => {
    const [register, read] = await Promise.all([
      createApiToken(systemActor('test'), rita.userId, { name: 'register', scopes: ['register'] }),
      createApiToken(systemActor('test'), rita.userId, { name: 'read', scopes: ['read'] }),
    ]);
    const name = unique('Token import');
    const csv = `System,Purpose,Risk tier,Owner email\n${name},Fine.,high,${sam.email}\n`;
    const dry = await post(register.secret, csv, { query: '?dryRun=true' });
    expect([dry.status, (await dry.json()).dryRun]).toEqual([200, true]);
    const done = await post(register.secret, csv);
    expect(done.status).toBe(201);
    expect((await done.json()).systems[0]).toMatchObject({ name, owner: { id: sam.userId } });
    expect((await post(register.secret, JSON.stringify({ name }), { type: 'application/json' })).status).toBe(415);
    expect((await post(register.secret, 'x'.repeat(REGISTER_LIMITS.bytes + 1))).status).toBe(413);
    expect((await post(read.secret, csv)).status).toBe(403);
    expect((await inRequestScope(new NextRequest('http://localhost/api/v1/systems/import'), () => post(null, csv))).status).toBe(401);
    expect((await post(register.secret, csv, { query: '?dryRun=maybe' })).status).toBe(400);

    // One Idempotency-Key for the check and the import: the import is not answered with the check's stored reply.
    const keyed = (query: string) => importRoute.POST(new NextRequest(`http://localhost/api/v1/systems/import${query}`, { method: 'POST', body: csv.replace(name, `${name} keyed`), headers: { 'content-type': 'text/csv', authorization: `Bearer ${register.secret}`, 'idempotency-key': `register-${name}` } }), { params: Promise.resolve({}) });
    expect((await keyed('?dryRun=true&note=x')).status).toBe(200);
    expect((await keyed('?note=x&dryRun=true')).headers.get('idempotent-replayed')).toBe('true');
    expect((await keyed('')).status).toBe(409);
  });

  it('offers the template as a CSV attachment', async () => {
    const token = (await createApiToken(systemActor('test'), dana.userId, { name: 'template', scopes: ['register'] })).secret;
    const answer = await getWithToken(importRoute.GET, '/api/v1/systems/import', token);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(await answer.clone().arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [head, example] = (await answer.text()).split('\r\n');
    // A data scientist's template names them as the example's owner: it checks out as downloaded.
    expect(example).toContain(`,high,${dana.email},active,`);
    expect(head).toBe('System,Purpose,Risk tier,Owner email,Lifecycle status,Intended use,Out-of-scope uses,Business owner,Deployment context,Human oversight,Personal data,General-purpose model,Vendor,Next review date,Limitations');
  });
});
