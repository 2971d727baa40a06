/**
 * Ctrl-C (SIGINT) and SIGTERM, taken in one place for the whole run. Until a
 * command starts writing, an interrupt ends the run at once: nothing was written.
 * While it writes, the writer takes the interrupt: it stops, puts every file back,
 * and fails with an InterruptedError. Once every change is made, an interrupt ends
 * the run and says the change is complete.
 */
import { logger } from './logger.js';

/** What an interrupt does at this point of the run. */
export type InterruptHandler = () => void;

let current: InterruptHandler = endBeforeWriting;

/** Installs the process's SIGINT and SIGTERM listeners; each hands the signal to the current handler. */
export function listenForInterrupts(): void {
  process.on('SIGINT', () => current());
  process.on('SIGTERM', () => current());
}

/**
 * Runs `work`, the writing phase, with interrupts going to `onInterrupt`. After
 * it, an interrupt ends the run: as before it, when the work failed (it put the
 * files back); saying the change stays, when the work succeeded.
 */
export async function whileWriting<T>(onInterrupt: InterruptHandler, work: () => Promise<T>): Promise<T> {
  current = onInterrupt;
  try {
    const result = await work();
    current = endAfterWriting;
    return result;
  } catch (error) {
    current = endBeforeWriting;
    throw error;
  }
}

function endBeforeWriting(): void {
  logger.info('\nCancelled. Nothing was written.');
  process.exit(130);
}

// Only the report is left to print by then: every file, the client and the database are changed.
function endAfterWriting(): void {
  logger.warn('\nInterrupted after the change was complete: every file it wrote stays.');
  process.exit(130);
}
