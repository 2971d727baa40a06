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
