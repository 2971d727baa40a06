/**
 * `create-auth remove-backend <name>`: takes the backend out of the list (its
 * routes go with it), deletes the code no remaining backend uses unless the owner
 * changed it, and drops packages create-auth added that nothing imports. It never
 * drops a table: it says which model the owner may drop, and how.
 */
import { removeBackendEntry } from '../codemods/edit-backends-list.js';
import { detectProject } from '../project/detect-project.js';
import { readAuthSetup } from '../project/read-auth-setup.js';
import { UserError } from '../util/user-error.js';
import { carryOutPlan, type ChangeOptions } from './shared/carry-out-plan.js';
import { choicesFromManifest } from './shared/choices-from-manifest.js';
import { explainWhatStays } from './shared/explain-what-stays.js';

export interface RemoveBackendOptions extends Omit<ChangeOptions, 'migrate'> {
  cwd: string;
}

/** Runs remove-backend; throws UserError for anything the owner can fix. */
export async function runRemoveBackend(name: string, options: RemoveBackendOptions): Promise<void> {
  const project = detectProject(options.cwd);
  const setup = readAuthSetup(project.root);
  const removed = setup.backends.find((backend) => backend.name === name);
  if (!removed) {
    const names = setup.backends.map((backend) => backend.name).join(', ');
    throw new UserError(
      `No backend named "${name}" in ${setup.listPath} (it has: ${names}). Nothing was changed.`,
      'Give one of the names it has; `create-auth list` shows them with their routes.',
    );
  }
  const remaining = setup.backends.filter((backend) => backend !== removed);
  if (remaining.length === 0) {
    throw new UserError(
      `"${name}" is the only backend; an auth system needs at least one.`,
      'Add the one you want first (create-auth add-backend ...), then remove this one.',
    );
  }

  const applied = await carryOutPlan(
    {
      project,
      choices: choicesFromManifest(setup, remaining),
      planOptions: {
        editList: (text) => removeBackendEntry(text, name),
        removeUnusedPackages: true,
      },
    },
    { ...options, migrate: false },
  );
  // A dry run tells what the real run would add to its report.
  if (applied || options.dryRun) explainWhatStays(setup.backends, remaining, setup.manifest.userModel);
}
