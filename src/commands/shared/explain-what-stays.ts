/**
 * What a change that takes backends away leaves behind on purpose, said after
 * remove-backend or an init run with fewer backends: the AccessToken table (its
 * rows are data) and the settings in .env (they may be the owner's own values).
 */
import type { BackendChoice } from '../../options.js';
import { authEnvSettings } from '../../plan/plan-env-settings.js';
import { logger } from '../../util/logger.js';

/** Prints what stays when the backends go from `before` to `after`; nothing when nothing does. */
export function explainWhatStays(before: readonly BackendChoice[], after: readonly BackendChoice[], userModel: string): void {
  const usesDatabase = (list: readonly BackendChoice[]) => list.some((backend) => backend.strategy === 'database');
  if (usesDatabase(before) && !usesDatabase(after)) explainAccessTokenModel(userModel);
  explainUnusedSettings(before, after);
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

function explainUnusedSettings(before: readonly BackendChoice[], after: readonly BackendChoice[]): void {
  const stillRead = new Set(authEnvSettings([...after], true).map((setting) => setting.name));
  const unused = authEnvSettings([...before], true)
    .map((setting) => setting.name)
    .filter((name) => !stillRead.has(name));
  if (unused.length === 0) return;
  const them = unused.length === 1 ? 'it' : 'them';
  logger.info(
    `No backend reads ${unused.join(' and ')} now. create-auth leaves settings in .env and .env.example; ` +
      `delete ${them} when nothing else of yours uses ${them}.`,
  );
}
