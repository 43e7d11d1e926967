import { describe, expect, it } from 'vitest';
import { personEmail, personName, personWithEmail } from './person';

const dana = { name: 'Dana Whitfield', email: 'dana.whitfield@example.com' };

describe('a person as text', () => {
  it('is their name, never their email, when the name is known', () => {
    expect(personName(dana)).toBe('Dana Whitfield');
    expect(personEmail(dana)).toBe('dana.whitfield@example.com');
    expect(personWithEmail(dana)).toBe('Dana Whitfield (dana.whitfield@example.com)');
  });

  it('falls back to the email, then to the fallback, and does not repeat the email', () => {
    expect(personName({ name: '  ', email: dana.email })).toBe(dana.email);
    expect(personEmail({ name: null, email: dana.email })).toBeNull();
    expect(personWithEmail({ name: null, email: dana.email })).toBe(dana.email);
    expect(personName(null)).toBe('unknown');
    expect(personWithEmail(undefined, '—')).toBe('—');
  });
});
