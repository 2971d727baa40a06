/** The command line: parses arguments and hands each command to its module. */
import { resolve } from 'node:path';

import { Command, Option } from 'commander';

import { DATABASE_PROVIDERS, FRAMEWORKS } from './options.js';
import { logger } from './util/logger.js';
import { VERSION } from './util/package-root.js';
import { UserError } from './util/user-error.js';


function buildProgram(): Command {
  const program = new Command('create-auth')
    .description('Write a complete, type-checked auth system into your TypeScript back end.')
    .version(VERSION)
    .option('--silent', 'print only errors');

  program
    .command('init')
    .description('detect the project, choose backends, and write the auth system into it')
    .option('--cwd <dir>', 'the project folder', '.')
    .addOption(new Option('--framework <name>', 'the web framework').choices(FRAMEWORKS))
    .option('--backends <list>', 'comma-separated backends in the order they are tried, e.g. bearer-jwt,cookie-database')
    .addOption(new Option('--db <provider>', "the database provider; must match the Prisma schema's datasource").choices(DATABASE_PROVIDERS))
    .option('--auth-dir <dir>', 'where the auth code goes (default: src/auth)')
    .option('-y, --yes', 'take the defaults and never ask')
    .option('--dry-run', 'show every change with a diff and write nothing')
    .option('--force', 'overwrite files you changed, and write into a non-empty auth folder')
    .option('--no-install', 'add dependencies to package.json without installing them')
    .option('--no-migrate', 'write the migration without applying it to the database')
    .action(async (options) => {
      // Loaded on use: the command pulls in ts-morph and Prisma's engine, which --help does not need.
      const { runInit } = await import('./commands/init.js');
      await runInit({ ...options, cwd: resolve(options.cwd) });
    });

  return program;
}

/** Runs the CLI; exits non-zero with a readable message on failure. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.hook('preAction', (command) => logger.configure({ silent: Boolean(command.opts().silent) }));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    reportFailure(error);
    process.exitCode = 1;
  }
}

function reportFailure(error: unknown): void {
  if (error instanceof UserError) {
    logger.error(error.message);
    if (error.fix) logger.info(error.fix);
    return;
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
}
