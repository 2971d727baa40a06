/**
 * The only way create-auth prints. Commands report through `logger` so that
 * `--silent` and non-TTY runs behave the same everywhere.
 */
import { styleText } from 'node:util';

type Color = Parameters<typeof styleText>[0];

/** The kinds of file action a plan reports, one line each. */
export type ActionVerb = 'create' | 'update' | 'delete' | 'skip' | 'keep' | 'run' | 'manual';

const ACTION_COLORS: Record<ActionVerb, Color> = {
  create: 'green',
  update: 'cyan',
  delete: 'red',
  skip: 'gray',
  keep: 'yellow',
  run: 'magenta',
  manual: 'yellow',
};

let silent = false;
let colors = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

function paint(color: Color, text: string): string {
  return colors ? styleText(color, text) : text;
}

function write(stream: NodeJS.WriteStream, text: string): void {
  if (!silent) stream.write(`${text}\n`);
}

/** The CLI's printer: plain lines, one action line per file, warnings and errors. */
export const logger = {
  /** Silences everything but errors (for `--silent`). */
  configure(options: { silent?: boolean; colors?: boolean }): void {
    silent = options.silent ?? silent;
    colors = options.colors ?? colors;
  },
  info(text: string): void {
    write(process.stdout, text);
  },
  step(text: string): void {
    write(process.stdout, paint('bold', text));
  },
  success(text: string): void {
    write(process.stdout, paint('green', `✔ ${text}`));
  },
  warn(text: string): void {
    write(process.stderr, paint('yellow', `! ${text}`));
  },
  /** Errors print even when silent: they are the reason for a non-zero exit. */
  error(text: string): void {
    process.stderr.write(`${paint('red', `✖ ${text}`)}\n`);
  },
  action(verb: ActionVerb, subject: string, detail?: string): void {
    const tail = detail ? paint('gray', ` (${detail})`) : '';
    write(process.stdout, `  ${paint(ACTION_COLORS[verb], verb.padEnd(6))} ${subject}${tail}`);
  },
  /** Prints text as it is (diffs, manual steps), indented under the last line. */
  block(text: string): void {
    write(process.stdout, text.replace(/^/gm, '    '));
  },
  colorDiffLine(line: string): string {
    if (line.startsWith('+') && !line.startsWith('+++')) return paint('green', line);
    if (line.startsWith('-') && !line.startsWith('---')) return paint('red', line);
    if (line.startsWith('@@')) return paint('cyan', line);
    return line;
  },
};

/**
 * Runs a slow step with a one-line status. On a TTY the line is rewritten when the
 * step ends; elsewhere only the outcome is printed, so logs stay clean.
 */
export async function withSpinner<T>(label: string, work: () => Promise<T>): Promise<T> {
  const live = !silent && Boolean(process.stdout.isTTY);
  if (live) process.stdout.write(`  … ${label}`);
  const clear = () => live && process.stdout.write('\r\x1b[2K');
  try {
    const result = await work();
    clear();
    logger.action('run', label);
    return result;
  } catch (error) {
    clear();
    throw error;
  }
}
