/** One error hierarchy: every failure a caller can act on is an AppError, rendered as RFC 9457 problem+json. */
export interface FieldProblem {
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  constructor(
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail);
    this.name = new.target.name;
  }

  get type(): string {
    return `https://sanzhang.dev/problems/${this.title.toLowerCase().replaceAll(' ', '-')}`;
  }

  /** Members the problem carries besides the standard ones (RFC 9457 extension members). */
  get extensions(): Record<string, unknown> {
    return {};
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly title = 'Invalid request';
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly title = 'Not found';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly title = 'Conflict';
}

/**
 * A retry that asks for something else than what was already done under the same Idempotency-Key
 * (or by the same person's same action): nothing is written, and the problem carries, as `stored`,
 * what was done the first time.
 */
export class ReusedKeyError extends ConflictError {
  constructor(
    detail: string,
    errors: FieldProblem[],
    readonly stored: unknown,
  ) {
    super(detail, errors);
  }

  override get extensions(): Record<string, unknown> {
    return { stored: this.stored };
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly title = 'Unprocessable request';
}

/** A caller over a rate limit (sign-in codes): nothing was done; the same call may succeed after `retryAfterSeconds`. */
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }

  override get extensions(): Record<string, unknown> {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly title = 'Payload too large';
}

/** A dependency (the table, SMS, the workflow engine) cannot be reached now; the same call may succeed later. */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly title = 'Service unavailable';
  constructor(
    detail: string,
    /** Sent as Retry-After. */
    readonly retryAfterSeconds = 5,
  ) {
    super(detail);
  }
}
