/**
 * Reading and forging JWTs with node:crypto only, so the suite can hand the
 * server tokens a correct verifier must refuse.
 */
import { createHmac } from 'node:crypto';

/** A decoded JWT: header and claims. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512';

const HASH_OF: Record<HmacAlgorithm, string> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
};

function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a JWT without checking its signature. */
export function decodeJwt(token: string): DecodedJwt {
  const [header, payload] = token.split('.');
  if (header === undefined || payload === undefined) throw new Error(`Not a JWT: ${token}`);
  const parse = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: parse(header), payload: parse(payload) };
}

/** Signs claims with an HMAC algorithm, the key used exactly as the string given. */
export function signJwt(
  payload: Record<string, unknown>,
  secret: string,
  algorithm: HmacAlgorithm = 'HS256',
): string {
  const unsigned = `${encodePart({ alg: algorithm, typ: 'JWT' })}.${encodePart(payload)}`;
  const signature = createHmac(HASH_OF[algorithm], secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** An unsigned token (`alg: none`), the classic forgery. */
export function unsignedJwt(payload: Record<string, unknown>): string {
  return `${encodePart({ alg: 'none', typ: 'JWT' })}.${encodePart(payload)}.`;
}

/** Seconds since the epoch, as JWT time claims count. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
