import { afterEach, describe, expect, it } from 'vitest';
import { publicUrl } from './config';

const saved = process.env.NEXTAUTH_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = saved;
});

describe('publicUrl', () => {
  it('is NEXTAUTH_URL as next-auth reads it (https when it names no scheme), and never throws on a value it cannot read', () => {
    const cases: [string | undefined, string][] = [
      ['https://provenant.bank.example', 'https://provenant.bank.example/tokens'],
      ['https://provenant.bank.example/governance/', 'https://provenant.bank.example/governance/tokens'],
      ['provenant.bank.example', 'https://provenant.bank.example/tokens'],
      ['provenant.bank.example:8443', 'https://provenant.bank.example:8443/tokens'],
      ['http://127.0.0.1:3482', 'http://127.0.0.1:3482/tokens'],
      ['', `http://localhost:${process.env.PORT ?? 3000}/tokens`],
      ['http://[not an address', `http://localhost:${process.env.PORT ?? 3000}/tokens`],
    ];
    for (const [configured, expected] of cases) {
      if (configured === undefined) delete process.env.NEXTAUTH_URL;
      else process.env.NEXTAUTH_URL = configured;
      expect(publicUrl('tokens'), configured).toBe(expected);
    }
  });
});
