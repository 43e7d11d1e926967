'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { closeFinding } from '@/lib/findings/close-finding';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { ZCloseFindingInput, ZDecideWaiverProposalInput, ZRaiseFindingForm, ZUpdateFindingInput, ZWaiveFindingInput } from '@/lib/findings/schemas';
import { updateFinding } from '@/lib/findings/update-finding';
import { waiveFinding } from '@/lib/findings/waive-finding';
import { decideWaiverProposal, withdrawWaiverProposal } from '@/lib/findings/waiver-proposals';
import { runFormAction, ZBoundId } from '@/lib/http/form-action';


export async function raiseFindingAction(input: unknown) {
  return runFormAction(ZRaiseFindingForm, input, async (actor, data) => {
    const finding = await raiseFinding(actor, data);
    revalidatePath('/findings');
    return { path: `/findings/${finding.id}` };
  });
}

export async function updateFindingAction(id: unknown, input: unknown) {
  return runFormAction(ZUpdateFindingInput, input, async (actor, data) => {
    const finding = await updateFinding(actor, ZBoundId.parse(id), data);
    revalidatePath(`/findings/${finding.id}`);
    return { status: finding.status };
  });
}

export async function closeFindingAction(id: unknown, input: unknown) {
  return runFormAction(ZCloseFindingInput, input, async (actor, data) => {
    const finding = await closeFinding(actor, ZBoundId.parse(id), data);
    revalidatePath('/', 'layout');
    return { status: finding.status };
  });
}

export async function waiveFindingAction(id: unknown, input: unknown) {
  return runFormAction(ZWaiveFindingInput, input, async (actor, data) => {
    const { waiver, proposal } = await waiveFinding(actor, ZBoundId.parse(id), data);
    revalidatePath('/', 'layout');
    return waiver ? { expiresAt: waiver.expiresAt } : { proposed: proposal!.id };
  });
}

export async function decideWaiverProposalAction(id: unknown, input: unknown) {
  return runFormAction(ZDecideWaiverProposalInput, input, async (actor, data) => {
    const { proposal } = await decideWaiverProposal(actor, ZBoundId.parse(id), data);
    revalidatePath('/', 'layout');
    return { status: proposal.status };
  });
}

export async function withdrawWaiverProposalAction(id: unknown) {
  return runFormAction(z.object({}), {}, async (actor) => {
    await withdrawWaiverProposal(actor, ZBoundId.parse(id));
    revalidatePath('/', 'layout');
    return { withdrawn: true };
  });
}
