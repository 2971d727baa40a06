import { describe, expect, it } from 'vitest';

import type { Framework } from '../options.js';
import { mountAuthRoutes, type MountRoutesOptions } from './mount-auth-routes.js';

const options = { path: 'src/app.ts', specifier: './auth/express.js', exportName: 'authRouter' };

/** The codemod for one framework and its options, failing the test when it finds no app. */
function mounter(framework: Framework, mountOptions: MountRoutesOptions): (text: string) => string {
  return (text) => {
    const result = mountAuthRoutes(text, framework, mountOptions);
    if (!('text' in result)) throw new Error(result.manualStep.problem);
    return result.text;
  };
}

const mount = mounter('express', options);

const plain = `import express from 'express';
import { prisma } from './db.js';

export const app = express();

app.use(express.json());

app.get('/health', (_req, res) => {
  res.json({ ok: true });
});

app.use((_req, res) => {
  res.status(404).json({ detail: 'Not Found' });
});
`;

describe('mountAuthRoutes on Express', () => {
  it('counts comment lines between statements, so the mount still lands after the body parser', () => {
    const source = [
      `import express from 'express';`,
      ``,
      `const app = express();`,
      `// Bodies first.`,
      `app.use(express.json());`,
      `// Then the routes.`,
      `app.listen(3000);`,
      ``,
    ].join('\n');
    expect(mount(source)).toContain(`app.use(express.json());\napp.use(authRouter);\n// Then the routes.\napp.listen(3000);`);
  });

  it('adds the import after the last import and mounts after the body parser', () => {
    const out = mount(plain);
    expect(out).toContain(`import { prisma } from './db.js';\nimport { authRouter } from './auth/express.js';`);
    expect(out).toContain(`app.use(express.json());\napp.use(authRouter);`);
    expect(out.indexOf('app.use(authRouter)')).toBeLessThan(out.indexOf('404'));
  });

  it('changes nothing when run twice', () => {
    const once = mount(plain);
    expect(mount(once)).toBe(once);
  });

  it('keeps the file style: double quotes, no semicolons', () => {
    const source = `import express from "express"\nconst server = express()\nserver.use(express.urlencoded({ extended: true }))\nserver.listen(3000)\n`;
    const out = mount(source);
    expect(out).toContain(`import { authRouter } from "./auth/express.js"\n`);
    expect(out).toContain(`server.use(express.urlencoded({ extended: true }))\nserver.use(authRouter)\nserver.listen(3000)`);
  });

  it('mounts before listen when there is no body parser', () => {
    const source = `import express from 'express';\nconst app = express();\napp.get('/', (_req, res) => res.send('hi'));\napp.listen(3000);\n`;
    const out = mount(source);
    expect(out).toMatch(/res\.send\('hi'\)\);\napp\.use\(authRouter\);\napp\.listen\(3000\);/);
  });

  it('mounts before an error handler named as one', () => {
    const source = `import express from 'express';\nimport { errorHandler } from './errors';\nconst app = express();\napp.use(express.json());\napp.use(errorHandler);\nexport default app;\n`;
    const out = mount(source);
    expect(out).toMatch(/app\.use\(express\.json\(\)\);\napp\.use\(authRouter\);\napp\.use\(errorHandler\);/);
  });

  it('mounts inside a factory function, before its return', () => {
    const source = `import express from 'express';\n\nexport function buildApp() {\n  const app = express();\n  app.get('/', (_req, res) => res.send('hi'));\n  return app;\n}\n`;
    const out = mount(source);
    expect(out).toMatch(/res\.send\('hi'\)\);\n {2}app\.use\(authRouter\);\n {2}return app;/);
  });

  it('finds express bound by require', () => {
    const source = `const express = require('express');\nconst app = express();\napp.use(express.json());\nmodule.exports = app;\n`;
    expect(mount(source)).toContain('app.use(express.json());\napp.use(authRouter);');
  });

  it('returns the manual step when the file creates no app', () => {
    const result = mountAuthRoutes(`export const x = 1;\n`, 'express', options);
    expect(result).toHaveProperty('manualStep');
    if ('manualStep' in result) {
      expect(result.manualStep.instructions).toContain(`import { authRouter } from './auth/express.js';`);
      expect(result.manualStep.instructions).toContain('app.use(authRouter);');
    }
  });
});

describe('mountAuthRoutes on Fastify', () => {
  const fastifyOptions = { path: 'src/app.ts', specifier: './auth/fastify.js', exportName: 'authRoutes' };
  const mountFastify = mounter('fastify', fastifyOptions);

  it('registers after the app’s other plugins, before listen, and only once', () => {
    const source = [
      `import Fastify from 'fastify';`,
      `import cors from '@fastify/cors';`,
      ``,
      `const app = Fastify({ logger: true });`,
      `app.register(cors);`,
      `app.get('/health', async () => ({ ok: true }));`,
      `app.listen({ port: 3000 });`,
      ``,
    ].join('\n');
    const out = mountFastify(source);
    expect(out).toContain(`import cors from '@fastify/cors';\nimport { authRoutes } from './auth/fastify.js';`);
    expect(out).toContain(`app.register(cors);\napp.register(authRoutes);\napp.get('/health'`);
    expect(mountFastify(out)).toBe(out);
  });

  it('registers inside a buildApp() factory, before its return, awaited like the plugins before it', () => {
    const source = [
      `import { fastify } from "fastify"`,
      `import sensible from "@fastify/sensible"`,
      ``,
      `export async function buildApp() {`,
      `  const server = fastify()`,
      `  await server.register(sensible)`,
      `  server.get("/", async () => "hi")`,
      `  return server`,
      `}`,
      ``,
    ].join('\n');
    const out = mountFastify(source);
    expect(out).toContain(`  await server.register(sensible)\n  await server.register(authRoutes)\n  server.get("/"`);
    expect(out).toContain(`import { authRoutes } from "./auth/fastify.js"\n`);
  });

  it('finds the factory bound by require in CommonJS', () => {
    const source = `const fastify = require('fastify');\nconst app = fastify();\napp.listen({ port: 3000 });\n`;
    expect(mountFastify(source)).toContain('const app = fastify();\napp.register(authRoutes);\napp.listen');
  });

  it('registers inside the plugin that is the app, as fastify-cli generates it', () => {
    const source = [
      `import AutoLoad from '@fastify/autoload'`,
      `import { FastifyPluginAsync } from 'fastify'`,
      ``,
      `const app: FastifyPluginAsync = async (fastify, opts): Promise<void> => {`,
      `  // Place here your custom code!`,
      ``,
      `  void fastify.register(AutoLoad, { dir: 'plugins', options: opts })`,
      `  void fastify.register(AutoLoad, { dir: 'routes', options: opts })`,
      `}`,
      ``,
      `export default app`,
      ``,
    ].join('\n');
    const out = mountFastify(source);
    expect(out).toContain(`dir: 'routes', options: opts })\n  void fastify.register(authRoutes)\n}`);
    expect(out).toContain(`import { authRoutes } from './auth/fastify.js'\n`);
    expect(mountFastify(out)).toBe(out);
  });

  it('registers inside a default-exported plugin function taking a FastifyInstance', () => {
    const source = `import type { FastifyInstance } from 'fastify';\n\nexport default async function app(server: FastifyInstance) {\n  await server.register(import('./routes.js'));\n}\n`;
    expect(mountFastify(source)).toContain(`  await server.register(import('./routes.js'));\n  await server.register(authRoutes);\n}`);
  });

  it('returns the manual step with the register call when no app is created', () => {
    const result = mountAuthRoutes(`export const x = 1;\n`, 'fastify', fastifyOptions);
    expect('manualStep' in result && result.manualStep.instructions).toContain('app.register(authRoutes);');
  });
});

describe('mountAuthRoutes on Hono', () => {
  const honoOptions = { path: 'src/index.ts', specifier: './auth/hono', exportName: 'authRoutes' };
  const mountHono = mounter('hono', honoOptions);

  it('mounts after the middleware and before the app’s own routes', () => {
    const source = [
      `import { serve } from '@hono/node-server';`,
      `import { Hono } from 'hono';`,
      `import { logger } from 'hono/logger';`,
      ``,
      `const app = new Hono();`,
      `app.use(logger());`,
      `app.get('*', (c) => c.text('fallback'));`,
      ``,
      `serve({ fetch: app.fetch, port: 3000 });`,
      ``,
    ].join('\n');
    const out = mountHono(source);
    expect(out).toContain(`import { logger } from 'hono/logger';\nimport { authRoutes } from './auth/hono';`);
    expect(out).toContain(`app.use(logger());\napp.route('/', authRoutes);\napp.get('*'`);
    expect(mountHono(out)).toBe(out);
  });

  it('mounts before `export default app` when the app has no routes yet', () => {
    const source = `import { Hono } from "hono"\n\nconst app = new Hono()\n\nexport default app\n`;
    expect(mountHono(source)).toContain(`const app = new Hono()\napp.route("/", authRoutes)\n\nexport default app`);
  });

  it('imports under another name when the file already has an authRoutes of its own', () => {
    const source = [
      `import { Hono } from 'hono';`,
      `import authRoutes from './routes/auth.route.js';`,
      ``,
      `const app = new Hono();`,
      `app.route('/api/auth', authRoutes);`,
      ``,
    ].join('\n');
    const out = mountHono(source);
    expect(out).toContain(`import { authRoutes as generatedAuthRoutes } from './auth/hono';`);
    expect(out).toContain(`const app = new Hono();\napp.route('/', generatedAuthRoutes);\napp.route('/api/auth', authRoutes);`);
    expect(mountHono(out)).toBe(out);
  });

  it('ignores `new Hono()` sub-apps that are not assigned, and Hono imported under another name', () => {
    const source = `import { Hono as Web } from 'hono';\nconst api = new Web().basePath('/api');\nconst app = new Web();\napp.route('/api', api);\n`;
    expect(mountHono(source)).toContain(`const app = new Web();\napp.route('/', authRoutes);\napp.route('/api', api);`);
  });
});

describe('mountAuthRoutes with several apps in one file', () => {
  it('mounts on the one called app, not on a sub-app created before it', () => {
    const source = `import { Hono } from 'hono';\nconst users = new Hono();\nusers.get('/', (c) => c.text('u'));\nconst app = new Hono();\napp.route('/users', users);\n`;
    const result = mountAuthRoutes(source, 'hono', { path: 'a.ts', specifier: './auth/hono.js', exportName: 'authRoutes' });
    expect('text' in result && result.text).toContain(`const app = new Hono();\napp.route('/', authRoutes);\napp.route('/users', users);`);
  });
});

describe('mountAuthRoutes says where the mount is and under which path', () => {
  const cases: [Framework, MountRoutesOptions, string, string][] = [
    ['express', options, "import { authRouter } from './auth/express.js';\nimport express from 'express';\nconst app = express();\napp.use('/api/', authRouter);\n", '/api'],
    ['express', options, "import { authRouter } from './auth/express.js';\nimport express from 'express';\nconst app = express();\napp.use(authRouter);\n", ''],
    [
      'fastify',
      { path: 'src/app.ts', specifier: './auth/fastify.js', exportName: 'authRoutes' },
      "import { authRoutes } from './auth/fastify.js';\nimport Fastify from 'fastify';\nconst app = Fastify();\nvoid app.register(authRoutes, { prefix: '/v1' });\n",
      '/v1',
    ],
    [
      'hono',
      { path: 'src/app.ts', specifier: './auth/hono.js', exportName: 'authRoutes' },
      "import { authRoutes } from './auth/hono.js';\nimport { Hono } from 'hono';\nconst app = new Hono();\napp.route('/', authRoutes);\n",
      '',
    ],
  ];

  it.each(cases)('%s, mounted already', (framework, mountOptions, source, prefix) => {
    const result = mountAuthRoutes(source, framework, mountOptions);
    if (!('text' in result)) throw new Error(result.manualStep.problem);
    expect(result.text).toBe(source);
    expect(result.mount.prefix).toBe(prefix);
    expect(source.slice(result.mount.at)).toMatch(/^(void )?app\.(use|register|route)\(/);
  });

  it('points at the mount it adds', () => {
    const result = mountAuthRoutes(plain, 'express', options);
    if (!('text' in result)) throw new Error(result.manualStep.problem);
    expect(result.text.slice(result.mount.at)).toMatch(/^app\.use\(authRouter\);/);
    expect(result.mount.prefix).toBe('');
  });
});
