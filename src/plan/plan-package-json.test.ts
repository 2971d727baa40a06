import { describe, expect, it } from 'vitest';

import { planPackageJson } from './plan-package-json.js';

const text = `{\n    "name": "app",\n    "dependencies": {\n        "express": "^5.0.0",\n        "zod": "^3.0.0"\n    }\n}\n`;

describe('planPackageJson', () => {
  it('adds missing packages sorted, in the file’s indentation', () => {
    const result = planPackageJson(text, {
      dependencies: { jsonwebtoken: '9.0.3', zod: '4.6.7' },
      devDependencies: { '@types/jsonwebtoken': '9.0.10' },
    });
    expect(result.added).toEqual(['jsonwebtoken', '@types/jsonwebtoken']);
    const json = JSON.parse(result.text);
    expect(Object.keys(json.dependencies)).toEqual(['express', 'jsonwebtoken', 'zod']);
    expect(json.dependencies.zod).toBe('^3.0.0');
    expect(json.devDependencies).toEqual({ '@types/jsonwebtoken': '9.0.10' });
    expect(result.text).toContain('\n    "name"');
  });

  it('returns the same text when nothing is missing', () => {
    const result = planPackageJson(text, { dependencies: { express: '5' }, devDependencies: {} });
    expect(result).toEqual({ text, added: [] });
  });
});
