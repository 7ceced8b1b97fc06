/** A failure of the environment (I/O, missing tool), not of the user's input: printed as one line, exit 2. */
export class CronpackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CronpackError';
  }
}

/** A bug in cronpack itself. The CLI prints one line and points at --debug for the stack. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}
