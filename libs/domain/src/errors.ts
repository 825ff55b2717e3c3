/**
 * The one error vocabulary of the service. Every layer throws these; one HTTP filter maps
 * `kind` to a status code, so a refusal reads the same whichever path raised it.
 */
export type DomainErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'illegal_transition'
  | 'concurrency'
  | 'precondition_failed'
  | 'unavailable'
  | 'rate_limited'
  | 'unsupported_media_type';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: unknown, code = 'validation_failed') {
    super('validation', code, message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, code = 'not_found') {
    super('not_found', code, message);
  }
}

/** A command the rule's lifecycle does not allow from its current status. */
export class IllegalTransitionError extends DomainError {
  constructor(message: string, details?: unknown, code = 'illegal_transition') {
    super('illegal_transition', code, message, details);
  }
}

/** Someone else appended to the stream since it was read (optimistic concurrency). */
export class ConcurrencyError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('concurrency', 'concurrent_change', message, details);
  }
}

/** The client's `If-Match` named a revision that is not the rule's current one. */
export class PreconditionFailedError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('precondition_failed', 'revision_mismatch', message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'send Authorization: Bearer <api key>') {
    super('unauthenticated', 'unauthenticated', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', 'forbidden', message);
  }
}

/** Too many requests (or open feeds) for one client or key; worth retrying after `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'rate_limited',
  ) {
    super('rate_limited', code, message, { retryAfterSeconds });
  }
}

/**
 * A part the service needs cannot serve now (the store unreachable, its disk full, the read
 * model still being built): nothing was changed, and the same request may succeed after
 * `retryAfterSeconds`.
 */
export class ServiceUnavailableError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
    details?: unknown,
  ) {
    super('unavailable', code, message, details);
  }
}

/** A body in a format the service does not read: JSON only. */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message = 'send the body as JSON, with content-type: application/json') {
    super('unsupported_media_type', 'unsupported_media_type', message);
  }
}

export const assertNever = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};
