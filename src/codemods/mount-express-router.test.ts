import { describe, expect, it } from 'vitest';

import { mountExpressRouter } from './mount-express-router.js';

const options = { path: 'src/app.ts', specifier: './auth/express.js', exportName: 'authRouter' };

function mount(text: string): string {
  const result = mountExpressRouter(text, options);
  if (!('text' in result)) throw new Error(result.manualStep.problem);
  return result.text;
}

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

describe('mountExpressRouter', () => {
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
    const result = mountExpressRouter(`export const x = 1;\n`, options);
    expect(result).toHaveProperty('manualStep');
    if ('manualStep' in result) {
      expect(result.manualStep.instructions).toContain(`import { authRouter } from './auth/express.js';`);
      expect(result.manualStep.instructions).toContain('app.use(authRouter);');
    }
  });
});
