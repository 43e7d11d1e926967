type HeaderSource = { get(name: string): string | null };

export function requestHost(headers: HeaderSource): string | null;
export function crossOriginReason(headers: HeaderSource): string | null;
