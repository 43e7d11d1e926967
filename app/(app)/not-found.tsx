import Link from 'next/link';

/** A record that does not exist, shown inside the app shell so the navigation stays at hand. */
export default function AppNotFoundPage() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center sm:py-24">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is no page or record at this address. It may never have existed, or the link may be mistyped.</p>
      <div className="mt-6 flex flex-wrap justify-center gap-x-6 gap-y-2 text-sm font-medium">
        <Link href="/" className="text-indigo-700 hover:underline">Back to the dashboard</Link>
        <Link href="/systems" className="text-indigo-700 hover:underline">AI systems</Link>
        <Link href="/models" className="text-indigo-700 hover:underline">Models</Link>
      </div>
    </div>
  );
}
