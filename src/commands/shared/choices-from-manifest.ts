import type { BackendChoice } from '../../options.js';
import type { AuthChoices } from '../../plan/plan-auth-files.js';
import type { AuthSetup } from '../../project/read-auth-setup.js';

/** The manifest's choices with a new list of backends. */
export function choicesFromManifest(setup: AuthSetup, backends: BackendChoice[]): AuthChoices {
  const { framework, database, authDir, userModel } = setup.manifest;
  return { framework, database, authDir, userModel, backends };
}
