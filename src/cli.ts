/** The command line: parses arguments and hands each command to its module. */
import { resolve } from 'node:path';

import { Command, Option } from 'commander';

import { DATABASE_PROVIDERS, FRAMEWORKS } from './options.js';
import { listenForInterrupts } from './util/listen-for-interrupts.js';
import { logger } from './util/logger.js';
import { VERSION } from './util/package-root.js';
import { InterruptedError, UserError } from './util/user-error.js';


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
    .option('--user-model <name>', 'the Prisma model that holds your users (default: User)')
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

  addChangeOptions(
    program
      .command('add-backend <backend>')
      .description('add a backend (<transport>-<strategy>, e.g. cookie-redis) at the end of the list')
      .option('--name <name>', 'the backend name, used in its routes (default: the backend kind)'),
  ).action(async (backend, options) => {
    const { runAddBackend } = await import('./commands/add-backend.js');
    await runAddBackend(backend, { ...options, cwd: resolve(options.cwd) });
  });

  addChangeOptions(
    program
      .command('remove-backend <name>')
      .description('remove a backend and its routes; delete the code no other backend uses'),
    { migrate: false },
  ).action(async (name, options) => {
    const { runRemoveBackend } = await import('./commands/remove-backend.js');
    await runRemoveBackend(name, { ...options, cwd: resolve(options.cwd) });
  });

  program
    .command('list')
    .description('show the backends in order, their routes, and the generated files you changed')
    .option('--cwd <dir>', 'the project folder', '.')
    .option('--json', 'print JSON for scripts')
    .action(async (options) => {
      const { runList } = await import('./commands/list.js');
      runList({ ...options, cwd: resolve(options.cwd) });
    });

  return program;
}

// The flags every command that changes files shares.
function addChangeOptions(command: Command, flags = { migrate: true }): Command {
  command
    .option('--cwd <dir>', 'the project folder', '.')
    .option('-y, --yes', 'never ask; stop on conflicts')
    .option('--dry-run', 'show every change with a diff and write nothing')
    .option('--force', 'overwrite generated files you changed')
    .option('--no-install', 'change package.json without installing');
  if (flags.migrate) command.option('--no-migrate', 'write the migration without applying it');
  return command;
}

/** Runs the CLI; exits non-zero with a readable message on failure. */
export async function main(argv: string[]): Promise<void> {
  // Output piped into a reader that stops early (`create-auth list | head -1`) is not
  // a failure: stop writing quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  listenForInterrupts();
  const program = buildProgram();
  program.hook('preAction', (command, action) => {
    const silent = Boolean(command.opts().silent);
    if (silent && action.opts().dryRun) {
      throw new UserError('--silent hides what --dry-run prints, so together they show nothing.', 'Drop one of them.');
    }
    logger.configure({ silent });
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // Ctrl-C or Ctrl-D at a question: every question comes before anything is written.
    if (error instanceof Error && error.name === 'ExitPromptError') {
      logger.info('Cancelled. Nothing was written.');
      process.exitCode = 130;
      return;
    }
    reportFailure(error);
    process.exitCode = error instanceof InterruptedError ? 130 : 1;
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
