'use server';

import { revalidatePath } from 'next/cache';
import { runFormAction, ZBoundId } from '@/lib/http/form-action';
import { addIncidentAction } from '@/lib/incidents/add-incident-action';
import { closeIncident } from '@/lib/incidents/close-incident';
import { markIncidentReported } from '@/lib/incidents/mark-incident-reported';
import { recordIncident } from '@/lib/incidents/record-incident';
import { ZAddIncidentActionInput, ZCloseIncidentInput, ZMarkIncidentReportedInput, ZRecordIncidentInput, ZUpdateIncidentInput } from '@/lib/incidents/schemas';
import { updateIncident } from '@/lib/incidents/update-incident';


const refreshed = (id: string) => {
  revalidatePath(`/incidents/${id}`);
  revalidatePath('/incidents');
  return { path: `/incidents/${id}` };
};

export async function recordIncidentAction(input: unknown) {
  return runFormAction(ZRecordIncidentInput, input, async (actor, data) => refreshed((await recordIncident(actor, data)).id));
}

export async function updateIncidentAction(id: unknown, input: unknown) {
  return runFormAction(ZUpdateIncidentInput, input, async (actor, data) => refreshed((await updateIncident(actor, ZBoundId.parse(id), data)).id));
}

export async function addIncidentActionAction(id: unknown, input: unknown) {
  return runFormAction(ZAddIncidentActionInput, input, async (actor, data) => refreshed((await addIncidentAction(actor, ZBoundId.parse(id), data)).incidentId));
}

export async function markIncidentReportedAction(id: unknown, input: unknown) {
  return runFormAction(ZMarkIncidentReportedInput, input, async (actor, data) => refreshed((await markIncidentReported(actor, ZBoundId.parse(id), data)).id));
}

export async function closeIncidentAction(id: unknown, input: unknown) {
  return runFormAction(ZCloseIncidentInput, input, async (actor, data) => refreshed((await closeIncident(actor, ZBoundId.parse(id), data)).id));
}
