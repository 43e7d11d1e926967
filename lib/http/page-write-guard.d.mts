type HeaderSource = { get(name: string): string | null };

export const SERVER_ACTION_BODY_LIMIT: number;
export function refusePageWrite(
  method: string,
  pathname: string,
  headers: HeaderSource,
): { status: number; code: string; message: string } | null;
