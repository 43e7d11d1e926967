import Link from 'next/link';

/** A 404 outside the signed-in shell; signed in, unknown addresses and missing records get app/(app)/not-found.tsx. */
export default function NotFoundPage() {
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is no page at this address.</p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-700 hover:underline">Back to the dashboard</Link>
    </main>
  );
}
