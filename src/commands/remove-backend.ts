/**
 * `create-auth remove-backend <name>`: takes the backend out of the list (its
 * routes go with it), deletes the code no remaining backend uses unless the owner
 * changed it, and drops packages create-auth added that nothing imports. It never
 * drops a table: it says which model the owner may drop, and how.
 */
import { removeBackendEntry } from '../codemods/edit-backends-list.js';
import { authEnvSettings } from '../plan/plan-env-settings.js';
import type { BackendChoice } from '../options.js';
import { detectProject } from '../project/detect-project.js';
import { readAuthSetup } from '../project/read-auth-setup.js';
import { logger } from '../util/logger.js';
import { UserError } from '../util/user-error.js';
import { carryOutPlan, type ChangeOptions } from './shared/carry-out-plan.js';
import { choicesFromManifest } from './shared/choices-from-manifest.js';

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
    logger.warn(`No backend named "${name}" in ${setup.listPath} (it has: ${names}). Nothing to change.`);
    return;
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
  const reported = applied || Boolean(options.dryRun);
  const databaseGone = removed.strategy === 'database' && !remaining.some((b) => b.strategy === 'database');
  if (reported && databaseGone) explainAccessTokenModel(setup.manifest.userModel);
  if (reported) explainUnusedSettings(setup.backends, remaining);
}

// .env may hold the owner's own values for these names, so they stay for the owner to delete.
function explainUnusedSettings(before: BackendChoice[], after: BackendChoice[]): void {
  const stillRead = new Set(authEnvSettings(after, true).map((setting) => setting.name));
  const unused = authEnvSettings(before, true)
    .map((setting) => setting.name)
    .filter((name) => !stillRead.has(name));
  if (unused.length === 0) return;
  logger.info(
    `The auth code no longer reads ${unused.join(' and ')}. create-auth leaves settings in .env and .env.example; delete ${unused.length === 1 ? 'it' : 'them'} when nothing else of yours uses ${unused.length === 1 ? 'it' : 'them'}.`,
  );
}

// Dropping a table deletes data, which is the owner's call, never the tool's.
function explainAccessTokenModel(userModel: string): void {
  logger.info(
    [
      'No backend uses the database strategy now. The AccessToken model and its table stay:',
      'create-auth never drops data. To drop them, delete `model AccessToken` and the',
      `\`accessTokens\` field of ${userModel} from your Prisma schema, then run: npx prisma migrate dev`,
    ].join('\n'),
  );
}
