/** Which supported web framework the project depends on. */
import { FRAMEWORKS, type Framework } from '../options.js';
import { declaredVersion, type PackageJson } from './read-package-json.js';

/** The supported frameworks found in package.json, with their declared versions. */
export function detectFrameworks(json: PackageJson): { framework: Framework; version: string }[] {
  return FRAMEWORKS.flatMap((framework) => {
    const version = declaredVersion(json, framework);
    return version ? [{ framework, version }] : [];
  });
}
