import Link from 'next/link';

export default function ForbiddenPage() {
  return (
    <div className="mx-auto max-w-lg py-24 text-center">
      <p className="text-sm font-semibold text-rose-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">You are not allowed to do this</h1>
      <p className="mt-2 text-sm text-slate-600">Your roles do not permit this page. Nothing was changed.</p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-700 hover:underline">Back to the dashboard</Link>
    </div>
  );
}
