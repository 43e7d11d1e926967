import 'server-only';
import { forbidden, notFound } from 'next/navigation';
import { Forbidden, Invalid, NotFound } from '@/lib/errors';

/**
 * Runs a page's read or check; typed refusals become the 403 and 404 pages instead of a crash. An ill-formed id in
 * the address (Invalid) names no record: the 404 page too.
 */
export async function forPage<T>(load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof Forbidden) forbidden();
    if (error instanceof NotFound || error instanceof Invalid) notFound();
    throw error;
  }
}
