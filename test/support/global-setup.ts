import { installFixtureDeps } from './fixture-deps.js';

/** Installs the fixture package sets once before any test file runs. */
export default async function setup(): Promise<void> {
  await installFixtureDeps('deps');
  await installFixtureDeps('deps-express4');
  await installFixtureDeps('deps-prisma6');
}
