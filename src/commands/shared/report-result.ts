/** After a command applied its plan: what the type-check found, and the next steps. */
import { posix } from 'node:path';

import { clientPropertyOf } from '../../options.js';
import type { AuthChoices } from '../../plan/plan-auth-files.js';
import type { Plan } from '../../plan/plan.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import { detectUserModel } from '../../project/detect-user-model.js';
import { installCommand } from '../../project/install-dependencies.js';
import type { TypecheckResult } from '../../project/typecheck-project.js';
import { logger } from '../../util/logger.js';
import { partition } from '../../util/partition.js';
import { labelOtherTypeErrors } from './label-type-errors.js';

/** The project's type errors before the change (when measured) and after it. */
export interface TypecheckReport {
  before: TypecheckResult | null;
  after: TypecheckResult;
}

/** Prints what the type-check found, then routes, hooks and how to start. */
export function reportResult(
  project: ProjectInfo,
  choices: AuthChoices,
  plan: Plan,
  typecheck: TypecheckReport,
  notInstalled: string[] = [],
): void {
  const { before: baseline, after: result } = typecheck;
  const [waiting, ours] = partition(result.ours, (line) => namesMissingPackage(line, notInstalled));
  if (!result.ran) logger.warn('TypeScript is not installed in node_modules, so the result was not type-checked.');
  else if (ours.length > 0) {
    logger.warn(`${ours.length} type error(s) in files create-auth wrote or edited:`);
    logger.block(ours.join('\n'));
  } else if (waiting.length > 0) {
    logger.warn(
      `The project type-checks where create-auth touched it, but for ${waiting.length} error(s) about ` +
        `${notInstalled.join(', ')}, which ${notInstalled.length === 1 ? 'is' : 'are'} not installed yet. ` +
        `They go once you run: ${installCommand(project.packageManager).join(' ')}`,
    );
  } else logger.success('The project type-checks where create-auth touched it.');
  reportOtherErrors(result, baseline);
  for (const step of plan.manualSteps) logger.warn(`Do by hand in ${step.path}:\n${step.instructions}`);
  const userModel = detectUserModel(project.prisma.files, choices.userModel);
  if (userModel && addsPasswordHash(plan)) {
    warnAboutWholeUserRows(project, choices.userModel, userModel.credentials.filledWithHash);
  }
  // The required fields registration asks for beside email and password.
  const registerFields = (userModel?.requiredFields ?? []).filter((field) => field.zod).map((field) => field.name);
  printNextSteps(choices, registerFields);
}

// Errors in files create-auth did not touch: the owner's, or in installed packages'
// declarations; those that were there before are told from new ones.
function reportOtherErrors(result: TypecheckResult, baseline: TypecheckResult | null): void {
  for (const notice of labelOtherTypeErrors(result, baseline)) {
    logger[notice.level](notice.text);
    if (notice.lines.length > 0) logger.block(notice.lines.join('\n'));
  }
}

// TS2307 "Cannot find module 'x'" / TS7016 "Could not find a declaration file for module 'x'".
function namesMissingPackage(line: string, packages: string[]): boolean {
  const module = /error TS(?:2307|7016): [^']*'([^']+)'/.exec(line)?.[1];
  // @types/foo is missing, so 'foo' has no declarations.
  const modules = packages.map((name) => name.replace(/^@types\/(.+?)(?:__(.+))?$/, (_, a, b) => (b ? `@${a}/${b}` : a)));
  return module !== undefined && modules.some((name) => module === name || module.startsWith(`${name}/`));
}

function addsPasswordHash(plan: Plan): boolean {
  return plan.changes.some(
    (change) => change.path.endsWith('.prisma') && !change.before?.includes('hashedPassword') && Boolean(change.after?.includes('hashedPassword')),
  );
}

// The owner's User model now holds a password hash, and code that returns whole
// rows (res.json(user), include: { author: true }) would send it out.
// A password column of the owner's that gets the same hash (filledWithHash) goes out the same way.
function warnAboutWholeUserRows(project: ProjectInfo, userModel: string, filledWithHash: string[]): void {
  const where = project.prismaInstance ? ` in ${project.prismaInstance.path}` : '';
  const fields = ['hashedPassword', ...filledWithHash];
  const omitted = fields.map((field) => `${field}: true`).join(', ');
  const ownColumns =
    filledWithHash.length > 0
      ? `\n  Your own code that reads ${filledWithHash.join(' or ')} then asks for it per query: omit: { ${filledWithHash[0]}: false }.`
      : '';
  logger.warn(
    `Your ${userModel} rows now hold the password hash in ${fields.join(' and ')}, and your own routes that return ` +
      `whole ${userModel} rows would send it. Keep it out everywhere with Prisma's omit option on your client${where}:\n` +
      `    new PrismaClient({ ..., omit: { ${clientPropertyOf(userModel)}: { ${omitted} } } })\n` +
      `  The auth code asks for the hash explicitly where it needs it.${ownColumns}`,
  );
}

function printNextSteps(choices: AuthChoices, registerFields: string[]): void {
  const { authDir, backends } = choices;
  logger.step('\nNext steps:');
  logger.info('  Start your server as usual. The routes:');
  const also = registerFields.length > 0 ? `   (also requires: ${registerFields.join(', ')})` : '';
  logger.info(`    POST  /auth/register${also}`);
  for (const backend of backends) {
    logger.info(`    POST  /auth/${backend.name}/login   POST /auth/${backend.name}/logout`);
  }
  logger.info('    GET   /users/me            PATCH /users/me');
  logger.info(`  Your hooks (after register, login, update; password rules): ${posix.join(authDir, 'hooks.ts')}`);
  logger.info(`  Settings: ${posix.join(authDir, 'config.ts')} (body limit, password length); each`);
  logger.info('  strategy and transport file starts with its own (JWT lifetime, cookie attributes, ...).');
  logger.info(`  Protect your own routes with requireUser from ${posix.join(authDir, `${choices.framework}.ts`)}.`);
}
