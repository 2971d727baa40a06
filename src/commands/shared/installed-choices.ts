/** Helpers for the commands that change an auth system init already wrote. */
import type { BackendChoice } from '../../options.js';
import type { AuthChoices } from '../../plan/plan-auth-files.js';
import type { AuthSetup } from '../../project/read-auth-setup.js';

/** The manifest's choices with a new list of backends. */
export function choicesFromManifest(setup: AuthSetup, backends: BackendChoice[]): AuthChoices {
  const { framework, database, authDir } = setup.manifest;
  return { framework, database, authDir, backends };
}

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
