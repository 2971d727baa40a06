/**
 * Every backend combination, rendered and type-checked as a project owner would:
 * with the project's own `tsc --noEmit` under `strict`. The combinations (each
 * backend alone, every pair, all six) come from BACKEND_KINDS, the option schema
 * the CLI validates with.
 *
 * To stay fast there is one temporary project per module system: ESM (NodeNext,
 * target ES2022, imports ending in '.js', Int user ids) and CommonJS (no extension,
 * String user ids, and no `target` or `lib`, as many CommonJS projects have).
 * Without a target TypeScript 5.9 checks for ES5, where spreading a string, Set or
 * Map needs downlevelIteration; @types/node still brings the ES2020 library. Each
 * combination is rendered into its own src/auth-<n>/ folder, next to a
 * src/app-<n>.ts that mounts it the way an owner does; Prisma generates once and
 * tsc runs once per project. Combinations alternate between re-exporting the
 * project's PrismaClient and creating one with each provider's driver adapter.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BACKEND_KINDS, DATABASE_PROVIDERS, FRAMEWORKS, type BackendChoice, type Framework } from '../src/options.js';
import { renderAuthFiles, type RenderContext } from '../src/render/render-auth.js';
import { linkFixtureDeps } from './support/fixture-deps.js';

/** One way a project can be set up; a temporary project is built for each. */
interface ModuleSystem {
  name: 'esm' | 'commonjs';
  packageType: 'module' | 'commonjs';
  compilerOptions: Record<string, unknown>;
  importExtension: RenderContext['importExtension'];
  userIdType: RenderContext['userIdType'];
  /** What the project's src/db.ts calls its PrismaClient instance. */
  instanceExport: string;
  /** The generator options that make Prisma's client match the module system. */
  generatorOptions: string;
  /** Code tsc must refuse under this system's target alone: proof the target is in force. */
  targetProbe?: { title: string; code: string; error: RegExp };
}

// Stricter than `strict` alone, so unused code in a template also fails here.
const SHARED_OPTIONS = {
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
};

const MODULE_SYSTEMS: ModuleSystem[] = [
  {
    name: 'esm',
    packageType: 'module',
    // allowImportingTsExtensions lets one extra folder check the '.ts' import style too.
    // skipLibCheck off: the packages the auth code adds must type-check in their own
    // declarations as well, for projects that check them.
    compilerOptions: {
      ...SHARED_OPTIONS,
      skipLibCheck: false,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      allowImportingTsExtensions: true,
    },
    importExtension: '.js',
    userIdType: 'Int',
    instanceExport: 'prisma',
    generatorOptions: 'moduleFormat = "esm"\n  importFileExtension = "js"',
  },
  {
    name: 'commonjs',
    packageType: 'commonjs',
    // No target: ES5, TypeScript's default.
    compilerOptions: { ...SHARED_OPTIONS, module: 'commonjs' },
    importExtension: '',
    userIdType: 'String',
    instanceExport: 'db',
    generatorOptions: 'moduleFormat = "cjs"\n  importFileExtension = ""',
    targetProbe: {
      title: 'checks for ES5 without downlevelIteration (a spread string is refused)',
      code: "export const letters = [...'abc'];\n",
      error: /TS2802/,
    },
  },
];

/** One rendered folder of a project. */
interface Case {
  label: string;
  folder: string;
  context: RenderContext;
}

/** Each backend alone, every pair in BACKEND_KINDS order, then all of them. */
function backendCombinations(): BackendChoice[][] {
  const singles = BACKEND_KINDS.map((kind) => [kind]);
  const pairs = BACKEND_KINDS.flatMap((first, index) =>
    BACKEND_KINDS.slice(index + 1).map((second) => [first, second]),
  );
  return [...singles, ...pairs, [...BACKEND_KINDS]];
}

// Combinations take turns among the frameworks; all six backends run on each.
function casesFor(system: ModuleSystem): Case[] {
  const combinations = backendCombinations().slice(0, -1);
  const cases = combinations.map((backends, index) =>
    caseFor(system, backends, index + 1, system.importExtension, FRAMEWORKS[index % FRAMEWORKS.length]!),
  );
  for (const framework of FRAMEWORKS) {
    cases.push(caseFor(system, [...BACKEND_KINDS], cases.length + 1, system.importExtension, framework));
  }
  if (system.name !== 'esm') return cases;
  return [...cases, caseFor(system, [...BACKEND_KINDS], cases.length + 1, '.ts', 'express')];
}

// Even cases use the project's instance; odd ones create a client, cycling providers.
function caseFor(
  system: ModuleSystem,
  backends: BackendChoice[],
  n: number,
  importExtension: RenderContext['importExtension'],
  framework: Framework,
): Case {
  const ownClient = n % 2 === 1;
  const provider = DATABASE_PROVIDERS[Math.floor(n / 2) % DATABASE_PROVIDERS.length]!;
  const prismaLabel = ownClient ? `own ${provider} client` : 'project client';
  const extLabel = importExtension === '' ? 'no extension' : importExtension;
  return {
    label: `${backends.map((b) => b.name).join(' + ')} [${framework}, ${extLabel}, ${prismaLabel}]`,
    folder: `auth-${n}`,
    context: {
      backends: backends.map((backend) => ({ ...backend })),
      framework,
      importExtension,
      userIdType: system.userIdType,
      prisma: {
        instanceSpecifier: ownClient ? null : '../db',
        instanceExport: system.instanceExport,
        clientSpecifier: '../generated/prisma/client',
        provider,
      },
    },
  };
}

function schemaFor(system: ModuleSystem): string {
  const intIds = system.userIdType === 'Int';
  return `generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
  ${system.generatorOptions}
}

datasource db {
  provider = "sqlite"
}

model User {
  id             ${intIds ? 'Int      @id @default(autoincrement())' : 'String   @id @default(cuid())'}
  email          String   @unique
  hashedPassword String
  isActive       Boolean  @default(true)
  isSuperuser    Boolean  @default(false)
  isVerified     Boolean  @default(false)
  name           String?
  createdAt      DateTime @default(now())
  accessTokens   AccessToken[]
}

model AccessToken {
  tokenHash String   @unique
  userId    ${system.userIdType}
  user      User     @relation(fields: [userId], references: [id], onDelete: Cascade)
  createdAt DateTime @default(now())
  expiresAt DateTime

  @@index([userId])
}
`;
}

function projectDbModule(system: ModuleSystem): string {
  const clientImport = `./generated/prisma/client${system.importExtension}`;
  return `import { PrismaLibSql } from '@prisma/adapter-libsql';

import { PrismaClient } from '${clientImport}';

export const ${system.instanceExport} = new PrismaClient({
  adapter: new PrismaLibSql({ url: 'file:./dev.db' }),
});
`;
}

// Mounts the auth code the way an owner does, so the exported API is type-checked too.
function appModule(testCase: Case): string {
  const { framework, importExtension: ext } = testCase.context;
  const auth = `./${testCase.folder}/${framework}${ext}`;
  return APP_MODULES[framework](auth);
}

const APP_MODULES: Record<Framework, (auth: string) => string> = {
  express: (auth) => `import express from 'express';

import { authRouter, currentUser, requireUser } from '${auth}';

export const app = express();
app.use(express.json());
app.use(authRouter);
app.get('/mine', requireUser, (req, res) => {
  res.json({ email: currentUser(req).email });
});
`,
  fastify: (auth) => `import Fastify from 'fastify';

import { authRoutes, currentUser, requireUser } from '${auth}';

export const app = Fastify();
app.register(authRoutes);
app.get('/mine', { preHandler: requireUser }, async (request) => ({ email: currentUser(request).email }));
`,
  hono: (auth) => `import { Hono } from 'hono';

import { authRoutes, currentUser, requireUser } from '${auth}';

export const app = new Hono();
app.route('/', authRoutes);
app.get('/mine', requireUser, (c) => c.json({ email: currentUser(c).email }));
`,
};

// A deliberate error: if tsc did not report it, the check would prove nothing.
const PROBE = `import { prisma } from './auth-2/db';
export const probe = prisma.user.findUnique({ where: { noSuchField: 1 } });
`;

async function writeProjectFile(dir: string, path: string, content: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content);
}

async function createProject(system: ModuleSystem, cases: Case[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `create-auth-matrix-${system.name}-`));
  const pkg = { name: `matrix-${system.name}`, private: true, type: system.packageType };
  await writeProjectFile(dir, 'package.json', JSON.stringify(pkg, null, 2));
  const tsconfig = { compilerOptions: system.compilerOptions, include: ['src'] };
  await writeProjectFile(dir, 'tsconfig.json', JSON.stringify(tsconfig, null, 2));
  await writeProjectFile(dir, 'prisma/schema.prisma', schemaFor(system));
  await writeProjectFile(dir, 'src/db.ts', projectDbModule(system));
  await writeProjectFile(dir, 'src/probe.ts', PROBE.replace("/db'", `/db${system.importExtension}'`));
  if (system.targetProbe) await writeProjectFile(dir, 'src/probe-target.ts', system.targetProbe.code);
  await linkFixtureDeps(dir);

  for (const testCase of cases) {
    for (const file of renderAuthFiles(testCase.context)) {
      await writeProjectFile(dir, `src/${testCase.folder}/${file.path}`, file.content);
    }
    await writeProjectFile(dir, `src/app-${testCase.folder.slice(5)}.ts`, appModule(testCase));
  }

  await execa('node_modules/.bin/prisma', ['generate'], {
    cwd: dir,
    env: { PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', CHECKPOINT_DISABLE: '1' },
  });
  return dir;
}

/** tsc's error lines, grouped by the folder or file under src/ they point at. */
async function typeCheck(dir: string): Promise<Map<string, string[]>> {
  const { stdout } = await execa('node_modules/.bin/tsc', ['--noEmit', '-p', '.'], {
    cwd: dir,
    reject: false,
  });
  const errors = new Map<string, string[]>();
  for (const line of stdout.split('\n').filter((l) => /^\S.*\(\d+,\d+\): error/.test(l))) {
    const owner = /^src\/(auth-\d+|app-\d+\.ts|[^/(]+)/.exec(line)?.[1] ?? 'elsewhere';
    errors.set(owner, [...(errors.get(owner) ?? []), line]);
  }
  return errors;
}

const projects = MODULE_SYSTEMS.map((system) => ({ system, cases: casesFor(system) }));
const results = new Map<string, { dir: string; errors: Map<string, string[]> }>();

beforeAll(async () => {
  await Promise.all(
    projects.map(async ({ system, cases }) => {
      const dir = await createProject(system, cases);
      results.set(system.name, { dir, errors: await typeCheck(dir) });
    }),
  );
}, 600_000);

afterAll(async () => {
  for (const { dir } of results.values()) await rm(dir, { recursive: true, force: true });
});

for (const { system, cases } of projects) {
  describe(`type-check in a ${system.name} project`, () => {
    const errorsOf = (owner: string) => results.get(system.name)?.errors.get(owner) ?? [];

    it('catches a deliberate type error (the check is real)', () => {
      expect(errorsOf('probe.ts').join('\n')).toMatch(/noSuchField/);
    });

    const { targetProbe } = system;
    if (targetProbe) {
      it(targetProbe.title, () => {
        expect(errorsOf('probe-target.ts').join('\n')).toMatch(targetProbe.error);
      });
    }

    for (const { label, folder } of cases) {
      it(label, () => {
        const app = `app-${folder.slice(5)}.ts`;
        expect([...errorsOf(folder), ...errorsOf(app)]).toEqual([]);
      });
    }

    it('has no errors outside the rendered folders', () => {
      const owners = [...(results.get(system.name)?.errors.keys() ?? [])];
      const unexpected = owners.filter((o) => !/^probe(-target)?\.ts$/.test(o) && !/^(auth|app)-\d+/.test(o));
      expect(unexpected.flatMap(errorsOf)).toEqual([]);
    });
  });
}
