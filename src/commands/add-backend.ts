/**
 * `create-auth add-backend <transport>-<strategy>`: one more backend at the end of
 * the list, with the code, settings, model, migration and packages it needs, edited
 * into the owner's project without undoing their changes.
 */
import { addBackendEntry } from '../codemods/edit-backends-list.js';
import { newBackendEntry } from '../codemods/reconcile-backends-list.js';
import { BACKEND_NAME, parseBackendName } from '../options.js';
import { detectProject } from '../project/detect-project.js';
import { readAuthSetup } from '../project/read-auth-setup.js';
import { logger } from '../util/logger.js';
import { UserError } from '../util/user-error.js';
import { carryOutPlan, type ChangeOptions } from './shared/carry-out-plan.js';
import { choicesFromManifest } from './shared/choices-from-manifest.js';

export interface AddBackendOptions extends ChangeOptions {
  cwd: string;
  name?: string;
}

/** Runs add-backend; throws UserError for anything the owner can fix. */
export async function runAddBackend(kindName: string, options: AddBackendOptions): Promise<void> {
  const project = detectProject(options.cwd);
  const setup = readAuthSetup(project.root);
  const { transport, strategy } = parseBackendName(kindName);
  const backend = { transport, strategy, name: options.name ?? kindName };
  if (!BACKEND_NAME.test(backend.name)) {
    throw new UserError(`"${backend.name}" cannot be a backend name: use letters, digits, "-" and "_".`);
  }
  const existing = setup.backends.find((entry) => entry.name === backend.name);
  if (existing && (existing.transport !== backend.transport || existing.strategy !== backend.strategy)) {
    throw new UserError(
      `A backend named "${backend.name}" already exists (${existing.transport}-${existing.strategy}).`,
      'Give the new one another name with --name.',
    );
  }
  logger.info(`Backends before: ${setup.backends.map((entry) => entry.name).join(', ')}`);
  if (existing) {
    logger.info(`"${backend.name}" is already in ${setup.listPath}; to add a second ${kindName}, give it a name with --name.`);
  }

  const choices = choicesFromManifest(setup, existing ? setup.backends : [...setup.backends, backend]);
  const entry = newBackendEntry(backend, project.importExtension);
  await carryOutPlan(
    { project, choices, planOptions: { editList: (text) => addBackendEntry(text, entry) } },
    options,
  );
}
