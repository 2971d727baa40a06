/** The environment settings the generated code reads, written to .env and .env.example. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import type { BackendChoice } from '../options.js';
import type { ProjectInfo } from '../project/detect-project.js';
import { readOrNull } from '../util/read-or-null.js';
import { type EnvSetting, planEnvFile } from './plan-env-file.js';
import { fileChange, type FileChange } from './plan.js';

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The settings the chosen backends need; secrets are fresh random values. REDIS_URL
 * takes the value create-auth runs with, when there is one, so .env names the Redis
 * the owner already uses (the example file keeps the local default).
 */
export function authEnvSettings(
  backends: BackendChoice[],
  example: boolean,
  environment: NodeJS.ProcessEnv = process.env,
): EnvSetting[] {
  const settings: EnvSetting[] = [];
  if (backends.some((backend) => backend.strategy === 'jwt')) {
    settings.push({
      name: 'AUTH_JWT_SECRET',
      // 32 random bytes; the example file gets no secret, so a copied example refuses to start.
      value: example ? '' : randomBytes(32).toString('base64url'),
      comment: 'Signs the JWTs (HS256). At least 32 characters; keep it secret.',
    });
  }
  if (backends.some((backend) => backend.strategy === 'redis')) {
    settings.push({
      name: 'REDIS_URL',
      value: (!example && environment.REDIS_URL) || DEFAULT_REDIS_URL,
      comment: 'Where the redis strategy keeps its tokens.',
    });
  }
  return settings;
}

/** Changes to .env (created if missing) and to .env.example when the project keeps one. */
export function planEnvSettings(project: ProjectInfo, backends: BackendChoice[]): FileChange[] {
  const changes: FileChange[] = [];
  const env = readOrNull(join(project.root, '.env'));
  const after = planEnvFile(env, authEnvSettings(backends, false));
  changes.push(fileChange('.env', env, after, 'codemod', 'auth settings'));
  const example = readOrNull(join(project.root, '.env.example'));
  if (example !== null) {
    const exampleAfter = planEnvFile(example, authEnvSettings(backends, true));
    changes.push(fileChange('.env.example', example, exampleAfter, 'codemod', 'auth settings'));
  }
  return changes;
}
