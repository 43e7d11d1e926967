import { cn } from '@/components/ui/cn';

/** The Provenant mark and name, on dark backgrounds; `large` on the sign-in page. */
export function Logo({ large = false, className }: { large?: boolean; className?: string }) {
  return (
    <div className={cn('flex items-center gap-2', className)}>
      <span aria-hidden className={cn('grid place-items-center bg-indigo-500 font-bold text-white', large ? 'size-9 rounded-lg text-lg' : 'size-7 rounded-md text-sm')}>P</span>
      <span className={cn('font-semibold tracking-tight text-white', large ? 'text-xl' : 'text-base')}>Provenant</span>
    </div>
  );
}
