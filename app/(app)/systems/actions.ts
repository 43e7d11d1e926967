'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { createSystem } from '@/lib/inventory/create-system';
import { retireSystem } from '@/lib/inventory/retire-system';
import { ZCreateSystemInput, ZRetireSystemInput, ZUpdateSystemInput } from '@/lib/inventory/schemas';
import { updateSystem } from '@/lib/inventory/update-system';

const ZId = z.string().min(1).max(64);

export async function createSystemAction(input: unknown) {
  return runFormAction(ZCreateSystemInput, input, (actor, data) => {
    const system = createSystem(actor, data);
    revalidatePath('/systems');
    return { id: system.id };
  });
}

export async function updateSystemAction(id: unknown, input: unknown) {
  return runFormAction(ZUpdateSystemInput, input, (actor, data) => {
    const system = updateSystem(actor, ZId.parse(id), data);
    revalidatePath(`/systems/${system.id}`);
    return { id: system.id };
  });
}

export async function retireSystemAction(id: unknown, input: unknown) {
  return runFormAction(ZRetireSystemInput, input, (actor, data) => {
    const system = retireSystem(actor, ZId.parse(id), data);
    revalidatePath(`/systems/${system.id}`);
    return { id: system.id };
  });
}
