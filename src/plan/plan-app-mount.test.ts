import { describe, expect, it } from 'vitest';

import { useTempTrees } from '../../test/support/temp-tree.js';
import type { ProjectInfo } from '../project/detect-project.js';
import type { AuthChoices } from './plan-auth-files.js';
import { planAppMount } from './plan-app-mount.js';

const tempTree = useTempTrees('app-mount');

/** The parts of a project planAppMount reads, for an Express app in src/app.ts. */
function expressProject(appText: string): ProjectInfo {
  const root = tempTree({ 'src/app.ts': appText });
  return {
    root,
    appFiles: { express: 'src/app.ts' },
    importAlias: null,
    importExtension: '.js',
    hasSrcDir: true,
    sourceFiles: ['src/app.ts'],
  } as unknown as ProjectInfo;
}

const choices = { framework: 'express', authDir: 'src/auth' } as AuthChoices;

/** Both snippets are in the text, `first` above `second`. */
function expectAbove(text: string, first: string, second: string): void {
  expect(text).toContain(first);
  expect(text).toContain(second);
  expect(text.indexOf(first)).toBeLessThan(text.indexOf(second));
}

describe('planAppMount: routes of the app’s own at the auth paths', () => {
  it('says the app’s router answers first when it is mounted above the auth routes', () => {
    const project = expressProject(
      [
        "import express from 'express';",
        "import { authRoutes } from './routes/auth.js';",
        '',
        'export const app = express();',
        // No body parser at the top: the mount goes just before the 404 handler.
        "app.use('/auth', authRoutes);",
        'app.use((_req, res) => {',
        '  res.status(404).json({ detail: "Not Found" });',
        '});',
        '',
      ].join('\n'),
    );

    const { change, warning } = planAppMount(project, choices);

    expectAbove(change!.after!, "app.use('/auth', authRoutes)", 'app.use(authRouter)');
    expect(warning).toContain('routes of its own at /auth, mounted before the auth routes');
    expect(warning).toContain('yours answer it and the auth route is never reached');
    expect(warning).not.toContain('The auth routes come first');
  });

  it('says the auth routes answer first when the app’s own come after them', () => {
    const project = expressProject(
      [
        "import express from 'express';",
        '',
        'export const app = express();',
        'app.use(express.json());',
        "app.get('/users/me', (_req, res) => {",
        '  res.json({});',
        '});',
        '',
      ].join('\n'),
    );

    const { change, warning } = planAppMount(project, choices);

    expectAbove(change!.after!, 'app.use(authRouter)', "app.get('/users/me'");
    expect(warning).toContain('routes of its own at /users/me. The auth routes come first');
  });

  // What a rerun sees: the mount create-auth wrote, below the app's own /auth router.
  const mountedBelow = (mount: string) =>
    expressProject(
      [
        "import express from 'express';",
        "import { authRouter } from './auth/express.js';",
        "import { authRoutes } from './routes/auth.js';",
        '',
        'export const app = express();',
        "app.use('/auth', authRoutes);",
        `${mount};`,
        '',
      ].join('\n'),
    );

  it('says the same on a rerun, when the mount is there already', () => {
    const { change, warning } = planAppMount(mountedBelow('app.use(authRouter)'), choices);

    expect(change!.after).toBe(change!.before);
    expect(warning).toContain('routes of its own at /auth, mounted before the auth routes');
    expect(warning).toContain('(POST /auth/register, ...)');
    expect(warning).not.toContain('GET /users/me');
  });

  it('warns of nothing when the auth routes are mounted under a prefix of their own', () => {
    expect(planAppMount(mountedBelow("app.use('/api', authRouter)"), choices).warning).toBeUndefined();
  });

  it('warns of nothing when no route of the app’s is at an auth path', () => {
    const project = expressProject(
      ["import express from 'express';", '', 'export const app = express();', "app.get('/notes', () => {});", ''].join('\n'),
    );

    expect(planAppMount(project, choices).warning).toBeUndefined();
  });
});
