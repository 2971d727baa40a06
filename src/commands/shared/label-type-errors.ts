/**
 * What the report says about the type errors outside the files create-auth
 * touched. Where an error is decides whose it is: the owner's files or installed
 * packages' declarations (sorted by typecheck-project). The baseline, when the
 * command measured one, tells the errors that were there before from new ones.
 */
import type { TypecheckResult } from '../../project/typecheck-project.js';
import { partition } from '../../util/partition.js';

/** One line of the report and the error lines printed under it, if any. */
export interface TypeErrorNotice {
  level: 'warn' | 'info';
  text: string;
  lines: string[];
}

/**
 * The notices for the errors in files create-auth did not touch, warnings first.
 * `measured` is null when the command measured no baseline (add-backend, remove-backend).
 */
export function labelOtherTypeErrors(
  after: TypecheckResult,
  measured: TypecheckResult | null,
): TypeErrorNotice[] {
  // A baseline without TypeScript installed tells nothing about what was there.
  const before = measured?.ran ? measured : null;
  const old = new Set(before ? [...before.ours, ...before.yours, ...before.packages].map(errorPlace) : []);
  const [oldYours, newYours] = partition(after.yours, (line) => old.has(errorPlace(line)));
  const [oldPackages, newPackages] = partition(after.packages, (line) => old.has(errorPlace(line)));
  const packages = 'type error(s) in the type declarations of installed packages';
  // skipLibCheck on still checks a package's .ts sources, so the reason is only given when it is off.
  const why = after.skipLibCheck ? '' : ' (tsconfig.json has skipLibCheck off, so tsc checks them)';
  const notices: TypeErrorNotice[] = [];
  if (newYours.length > 0 && before === null) {
    notices.push(warn(`${newYours.length} type error(s) in files create-auth did not touch (this command does not type-check before it writes, so it cannot tell new ones from old; npx tsc --noEmit lists them).`));
  } else if (newYours.length > 0) {
    const text = `${newYours.length} new type error(s) in files create-auth did not touch, since this run began:`;
    notices.push(warn(text, newYours));
  }
  if (newPackages.length > 0) notices.push(warn(`${newPackages.length} ${packages}${why}:`, newPackages));
  if (oldPackages.length > 0) {
    notices.push(info(`  ${oldPackages.length} ${packages} were there before create-auth ran${why}.`));
  }
  if (oldYours.length > 0) {
    notices.push(info(`  ${oldYours.length} type error(s) in your files were there before create-auth ran.`));
  }
  return notices;
}

// Where an error is and which one it is, without its message: a type that changed
// can reword an error that was there before without making it a new one.
function errorPlace(line: string): string {
  return line.replace(/(: error TS\d+):.*$/, '$1');
}

function warn(text: string, lines: string[] = []): TypeErrorNotice {
  return { level: 'warn', text, lines };
}

function info(text: string): TypeErrorNotice {
  return { level: 'info', text, lines: [] };
}
