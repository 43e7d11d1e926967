import Link from 'next/link';

const ENTITY_PATHS: Record<string, (id: string) => string> = {
  ai_system: (id) => `/systems/${id}`,
  model: (id) => `/models/${id}`,
  dataset: (id) => `/datasets/${id}`,
};

/** Links an audit event's entity to its page where there is one. */
export function EntityLink({ type, id }: { type: string; id: string | null }) {
  const path = id ? ENTITY_PATHS[type]?.(id) : undefined;
  const label = `${type.replaceAll('_', ' ')}${id ? ` ${id.slice(0, 8)}` : ''}`;
  return path ? (
    <Link href={path} className="text-indigo-700 hover:underline">
      {label}
    </Link>
  ) : (
    <span>{label}</span>
  );
}

export function formatUtc(iso: string) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
