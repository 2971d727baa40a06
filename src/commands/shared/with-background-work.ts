/**
 * Runs a command with a signal that stops its background work (the baseline
 * type-check) when it ends, so a run that stops early leaves nothing running.
 */
export async function withBackgroundWork(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const background = new AbortController();
  try {
    await work(background.signal);
  } finally {
    background.abort();
  }
}
