/**
 * An error the user can act on: what is wrong, then how to fix it. Commands
 * print these without a stack trace; anything else is a bug and prints one.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The run was stopped by Ctrl-C (SIGINT) or SIGTERM. The CLI prints it like any
 * UserError and exits with 130, as a shell does for a process ended by Ctrl-C.
 */
export class InterruptedError extends UserError {
  constructor(message: string, fix?: string) {
    super(message, fix);
    this.name = 'InterruptedError';
  }
}
