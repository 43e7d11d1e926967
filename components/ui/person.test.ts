import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PersonName } from './person';

describe('a person with their address', () => {
  it('lets the address wrap before "@" and after each dot, adding no character to what is copied', () => {
    const html = renderToStaticMarkup(createElement(PersonName, { person: { name: 'Dana Whitfield', email: 'dana.whitfield@example.com' }, withEmail: true }));
    expect(html).toContain('dana.<wbr/>whitfield<wbr/>@example.<wbr/>com');
    expect(html.replace(/<[^>]+>/g, '')).toContain('dana.whitfield@example.com');
  });
});
