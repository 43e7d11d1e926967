'use server';

import { revalidatePath } from 'next/cache';
import { runFormAction, ZBoundId } from '@/lib/http/form-action';
import { confirmSystemTier } from '@/lib/inventory/confirm-tier';
import { createSystem } from '@/lib/inventory/create-system';
import { retireSystem } from '@/lib/inventory/retire-system';
import { transferSystem } from '@/lib/inventory/transfer-system';
import { ZConfirmTierInput, ZCreateSystemInput, ZRetireSystemInput, ZTransferSystemInput, ZUpdateSystemInput } from '@/lib/inventory/schemas';
import { updateSystem } from '@/lib/inventory/update-system';

export async function createSystemAction(input: unknown) {
  return runFormAction(ZCreateSystemInput, input, async (actor, data) => {
    const system = await createSystem(actor, data);
    revalidatePath('/systems');
    return { id: system.id };
  });
}

export async function updateSystemAction(id: unknown, input: unknown) {
  return runFormAction(ZUpdateSystemInput, input, async (actor, data) => {
    const system = await updateSystem(actor, ZBoundId.parse(id), data);
    revalidatePath(`/systems/${system.id}`);
    return { id: system.id };
  });
}

export async function retireSystemAction(id: unknown, input: unknown) {
  return runFormAction(ZRetireSystemInput, input, async (actor, data) => {
    const system = await retireSystem(actor, ZBoundId.parse(id), data);
    revalidatePath(`/systems/${system.id}`);
    return { id: system.id };
  });
}

export async function confirmTierAction(id: unknown, input: unknown) {
  return runFormAction(ZConfirmTierInput, input, async (actor, data) => {
    const system = await confirmSystemTier(actor, ZBoundId.parse(id), data);
    revalidatePath(`/systems/${system.id}`);
    return { id: system.id };
  });
}

export async function transferSystemAction(id: unknown, input: unknown) {
  return runFormAction(ZTransferSystemInput, input, async (actor, data) => {
    const system = await transferSystem(actor, ZBoundId.parse(id), data);
    revalidatePath(`/systems/${system.id}`);
    return { id: system.id };
  });
}
