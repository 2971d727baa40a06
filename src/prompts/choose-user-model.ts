/**
 * Which Prisma model holds the users: `--user-model`, the manifest's record on a
 * rerun, or `User`. Asked only when it is a real question: interactive, no flag,
 * and a schema with models but none called `User`.
 */
import { select } from '@inquirer/prompts';

import { DEFAULT_USER_MODEL } from '../options.js';
import type { Manifest } from '../plan/manifest.js';
import { MANIFEST_FILE } from '../plan/manifest.js';
import { UserError } from '../util/user-error.js';

const MODEL_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The user model's name, refusing a name the schema lacks or a change after init. */
export async function chooseUserModel(
  requested: string | undefined,
  models: readonly string[],
  manifest: Manifest | null,
  interactive: boolean,
): Promise<string> {
  if (requested !== undefined) return checkRequested(requested, models, manifest);
  if (manifest) return manifest.userModel;
  if (interactive && models.length > 0 && !models.includes(DEFAULT_USER_MODEL)) {
    return select({
      message: 'Which model holds your users?',
      choices: [
        ...models.map((value) => ({ value, name: `${value} (add the auth fields to it)` })),
        { value: DEFAULT_USER_MODEL, name: `a new ${DEFAULT_USER_MODEL} model` },
      ],
    });
  }
  return DEFAULT_USER_MODEL;
}

function checkRequested(requested: string, models: readonly string[], manifest: Manifest | null): string {
  if (!MODEL_NAME.test(requested)) {
    throw new UserError(`--user-model ${requested} is not a Prisma model name.`);
  }
  if (manifest && manifest.userModel !== requested) {
    throw new UserError(
      `--user-model ${requested}, but ${MANIFEST_FILE} records ${manifest.userModel}: the auth code already uses that model.`,
      'Leave out --user-model. Moving the users to another model is a change to make by hand.',
    );
  }
  if (!models.includes(requested) && requested !== DEFAULT_USER_MODEL) {
    const known = models.length > 0 ? `Its models: ${models.join(', ')}.` : 'It has no models yet.';
    throw new UserError(
      `The Prisma schema has no model ${requested}. ${known}`,
      `Name one of them, or leave out --user-model to use (or create) ${DEFAULT_USER_MODEL}.`,
    );
  }
  return requested;
}
