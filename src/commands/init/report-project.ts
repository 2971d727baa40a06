/** Prints what `init` found in the project, one fact a line. */
import { relative } from 'node:path';

import { APP_CREATION } from '../../project/detect-app-file.js';
import type { ProjectInfo } from '../../project/detect-project.js';
import { detectUserModel } from '../../project/detect-user-model.js';
import { logger } from '../../util/logger.js';

/** Prints the detected facts so the owner can see what the plan is based on. */
export function reportProject(project: ProjectInfo, userModelName: string): void {
  const rel = (path: string) => relative(project.root, path) || '.';
  const { prisma } = project;
  const generator = prisma.generator
    ? `${prisma.generator.provider}${prisma.generator.output ? ` → ${rel(prisma.generator.output)}` : ''}`
    : 'none';
  const lines: [string, string][] = [
    ['package manager', `${project.packageManager}${project.lockfile ? ` (${project.lockfile})` : ' (no lockfile)'}`],
    ['framework', project.frameworks.map((entry) => `${entry.framework} ${entry.version}`).join(', ')],
    ['modules', `${project.moduleSystem === 'esm' ? 'ES modules' : 'CommonJS'}, imports ${importStyle(project)}`],
    ['prisma schema', `${rel(prisma.schemaPath)} (${prisma.foundBy}), ${prisma.provider}`],
    ['prisma client', generator],
    ['user model', describeUserModel(project, userModelName)],
    ...project.frameworks.map(({ framework }): [string, string] => [
      project.frameworks.length > 1 ? `app file (${framework})` : 'app file',
      project.appFiles[framework] ?? `not found (no call to ${APP_CREATION[framework].text})`,
    ]),
    ['prisma instance', project.prismaInstance ? `${project.prismaInstance.exportName} in ${project.prismaInstance.path}` : 'none (the auth code will create one)'],
  ];
  logger.step('Found:');
  for (const [label, value] of lines) logger.info(`  ${label.padEnd(16)} ${value}`);
}

function describeUserModel(project: ProjectInfo, name: string): string {
  const found = detectUserModel(project.prisma.files, name);
  return found ? `${name}, id ${found.idType}` : `none (${name} will be created)`;
}

function importStyle(project: ProjectInfo): string {
  const extension = project.importExtension ? `with ${project.importExtension}` : 'without extensions';
  const alias = project.importAlias;
  return alias ? `${extension}, alias ${alias.prefix}* → ${alias.dir}/*` : extension;
}
