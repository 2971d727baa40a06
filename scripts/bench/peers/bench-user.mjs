// The one user every peer server signs in, and the password check their login
// routes share. Logins are not measured, so node:crypto's scrypt is enough here.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt);

/** The bench user's e-mail and password, the same on every peer. */
export const BENCH_LOGIN = { email: 'bench@example.com', password: 'correct horse battery staple' };

/** The JWT audience the JWT peers sign and check, as ours does. */
export const AUDIENCE = 'create-auth-bench:peers';

/** JWT lifetime for every JWT peer, the same as ours: 15 minutes. */
export const JWT_LIFETIME_SECONDS = 15 * 60;

/** `salt:hash`, both hex. */
export async function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `${salt.toString('hex')}:${hash.toString('hex')}`;
}

export async function verifyPassword(password, stored) {
  const [salt, hash] = stored.split(':').map((part) => Buffer.from(part, 'hex'));
  const candidate = await scryptAsync(String(password ?? ''), salt, hash.length);
  return timingSafeEqual(candidate, hash);
}

/**
 * The user the peers without a user table know, held in memory. Its fields are
 * the ones our GET /users/me answers with.
 */
export async function inMemoryBenchUser() {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    email: BENCH_LOGIN.email,
    passwordHash: await hashPassword(BENCH_LOGIN.password),
    isActive: true,
    isSuperuser: false,
    isVerified: false,
  };
}

/** The JSON our GET /users/me answers: never the password hash. */
export function publicUser(user) {
  return {
    id: user.id,
    email: user.email,
    isActive: user.isActive,
    isSuperuser: user.isSuperuser,
    isVerified: user.isVerified,
  };
}
