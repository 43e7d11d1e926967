import type { Metadata } from 'next';
import { ImportBomForm } from '@/components/models/import-bom-form';
import { PageHeader } from '@/components/ui/card';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { importCycloneDxBomAction } from '../actions';

export const metadata: Metadata = { title: "Import a vendor's ML-BOM" };

export default async function ImportBomPage() {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'model.register'));
  return (
    <>
      <PageHeader
        title="Import a vendor's CycloneDX ML-BOM"
        description="Registers the vendor's model from its own document: a third-party AI system with the vendor's name, the model with its task, approach, architecture, inputs and outputs, the version bound to its SHA-256, and the datasets it names as training inputs. Importing the same BOM again changes nothing."
      />
      <ImportBomForm action={importCycloneDxBomAction} />
    </>
  );
}
