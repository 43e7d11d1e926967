/** Typed errors thrown by verbs; lib/http and the action wrapper map them to status codes and form messages once. */
export type FieldIssue = { path: string; message: string };

export class DomainError extends Error {
  constructor(
    message: string,
    readonly code:
      | 'unauthenticated'
      | 'forbidden'
      | 'not_found'
      | 'conflict'
      | 'invalid'
      | 'too_large'
      | 'unsupported_media_type'
      | 'too_many_requests'
      | 'insufficient_storage'
      | 'unavailable',
    readonly status: number,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Sign in or send a valid API token.') {
    super(message, 'unauthenticated', 401);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super(message, 'forbidden', 403);
  }
}

export class NotFound extends DomainError {
  constructor(what = 'Record') {
    super(`${what} not found.`, 'not_found', 404);
  }
}

export class Conflict extends DomainError {
  /** `issues` name the fields a form should mark, when the conflict is with one field's value. */
  constructor(message: string, issues?: FieldIssue[]) {
    super(message, 'conflict', 409, issues);
  }
}

export class Invalid extends DomainError {
  constructor(message: string, issues?: FieldIssue[]) {
    super(message, 'invalid', 400, issues);
  }
}

export class TooLarge extends DomainError {
  constructor(limitBytes: number, what = 'The upload') {
    super(`${what} exceeds the limit of ${limitBytes} bytes; nothing was kept.`, 'too_large', 413);
  }
}

/** A body in a format the route does not take, as its Content-Type says. */
export class UnsupportedMediaType extends DomainError {
  constructor(message: string) {
    super(message, 'unsupported_media_type', 415);
  }
}

export class TooManyRequests extends DomainError {
  constructor(message: string) {
    super(message, 'too_many_requests', 429);
  }
}

/** The disk (or the blob store) is full: nothing was kept; an operator must make room. */
export class InsufficientStorage extends DomainError {
  constructor(message = 'The server has no room left to store this; nothing was kept.') {
    super(message, 'insufficient_storage', 507);
  }
}

export class Unavailable extends DomainError {
  constructor(message: string) {
    super(message, 'unavailable', 503);
  }
}

/** The message of an error and of the errors it wraps (drizzle keeps a driver's error as `cause`), one per line. */
export function messagesOf(error: unknown): string {
  const messages: string[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) messages.push(String((e as { message?: unknown }).message));
  return messages.join('\n');
}
