import type { Metadata } from 'next';
import { ImportRegisterForm } from '@/components/systems/import-register-form';
import { Card, PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { assertCan, can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { REGISTER_COLUMNS, REGISTER_LIMITS } from '@/lib/inventory/register-columns';
import { plural } from '@/lib/words';

export const metadata: Metadata = { title: 'Import a register' };

export default async function ImportRegisterPage() {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'system.create'));
  const forOthers = can(actor, 'system.update', { ownerIds: [] });
  return (
    <>
      <PageHeader
        eyebrow="AI systems"
        title="Import a register"
        description={`Bring in the AI systems you already keep in a spreadsheet: one row per system, up to ${plural(REGISTER_LIMITS.rows, 'row')} at a time. The file is imported whole or not at all.`}
      />
      <div className="grid items-start gap-6 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="The file">
          <ImportRegisterForm />
        </Card>
        <Card title="Columns read" actions={<a href="/api/v1/systems/import" download className="text-sm font-medium text-indigo-700 hover:underline">Download the template</a>}>
          <p className="mb-3 text-sm text-slate-600">
            Matched by heading, in any order and any case; other columns are left out. Provenant&apos;s own inventory CSV imports as it is.
            {forOthers ? ' Each owner must be an active data scientist.' : ' You import systems you own: the owner email is yours. A risk officer imports for other owners.'}
          </p>
          <Table caption="Columns of a register">
            <thead><tr><Th>Column</Th><Th>What it holds</Th></tr></thead>
            <tbody>
              {REGISTER_COLUMNS.map((column) => (
                <tr key={column.field}>
                  <Td className="font-medium whitespace-nowrap text-slate-900">{column.headers[0]}{column.required ? <><span aria-hidden className="text-rose-700"> *</span><span className="sr-only"> (required)</span></> : null}</Td>
                  <Td className="text-slate-600">{column.hint}{column.headers.length > 1 ? <span className="block text-xs text-slate-500">Also read from “{column.headers.slice(1).join('”, “')}”.</span> : null}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </div>
    </>
  );
}
