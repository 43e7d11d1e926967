import { notFound } from 'next/navigation';

/** An address no page serves, for a signed-in person: the 404 inside the app shell (app/(app)/not-found.tsx). */
export default function MissingPage() {
  notFound();
}
