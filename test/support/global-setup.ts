import { installFixtureDeps } from './fixture-deps.js';

/** Installs the fixture packages once before any test file runs. */
export default async function setup(): Promise<void> {
  await installFixtureDeps();
}
