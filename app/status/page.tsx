import { connection } from 'next/server';

/** Public liveness page; also the bare page that `npm run bench` compares the inventory against. */
export default async function StatusPage() {
  await connection();
  return (
    <main className="p-8 text-sm text-slate-700">
      <p>Provenant is running. {new Date().toISOString()}</p>
    </main>
  );
}
