import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LinkedFindings } from '@/components/incidents/linked-findings';

const finding = { id: 'f1', number: 64, title: 'Incident: payments declined', severity: 'high' as const, status: 'in_progress' as const, systemId: 's1', dueDate: '2026-12-16' };

describe('the incident page’s linked findings', () => {
  it('name each finding by reference and title, with its severity, status, due date and system', () => {
    const html = renderToStaticMarkup(createElement(LinkedFindings, { incident: { serious: true, findings: [finding], systems: [{ id: 's1', name: 'Card fraud' }] } as never }));
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(html).toContain('href="/findings/f1"');
    expect(text).toContain('F-64 Incident: payments declined');
    expect(text).toMatch(/High .*In progress .*due 2026-12-16 .*Card fraud/);
  });
});
