/**
 * A fast-check arbitrary of malformed requests to the generated auth routes: bad and
 * truncated JSON, wrong JSON types, odd content types and charsets, forms, invalid
 * UTF-8, huge and odd headers, broken cookies and bearer tokens, percent-encoding
 * oddities and wrong methods. Tokens that need the running server (a real session,
 * a JWT signed with the project's key) are filled in when the request is built.
 */

import fc from 'fast-check';

import type { BackendChoice } from '../../src/options.js';
import { nowSeconds, signJwt, unsignedJwt } from '../conformance/jwt.js';
import type { RawRequest } from './raw-http.js';

/** What the builders need from the running server. */
export interface FuzzContext {
  /** A live token per backend name (a cookie's value for cookie backends). */
  tokens: Record<string, string>;
  userId: string;
  jwtSecret: string;
}

/** A request still missing the server's tokens, and a label for the statistics. */
export interface FuzzCase {
  kind: string;
  build(context: FuzzContext): RawRequest;
}

type Text = (context: FuzzContext) => string;

const JWT_AUDIENCE = 'create-auth:users';
const encoder = new TextEncoder();

const constant =
  (text: string): Text =>
  () =>
    text;
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
// Bytes a header value may hold (tab, visible ASCII, obs-text): control bytes are moved
// up by 0x40. Node's parser refuses a request with control bytes before any framework
// sees it, so those get a case of their own ('control bytes') instead of most requests.
const headerBytes = (bytes: Uint8Array) =>
  latin1(
    bytes.map((byte) => ((byte < 0x20 && byte !== 0x09) || byte === 0x7f ? byte + 0x40 : byte)),
  );
const controlBytes = (bytes: Uint8Array) => latin1(bytes).replace(/[\r\n]/g, '\u0001');

/** Every route of the generated app for these backends, and the right method for each. */
export function authRoutes(backends: readonly BackendChoice[]): Array<[string, string]> {
  return [
    ['POST', '/auth/register'],
    ['GET', '/users/me'],
    ['PATCH', '/users/me'],
    ...backends.flatMap(({ name }): Array<[string, string]> => [
      ['POST', `/auth/${name}/login`],
      ['POST', `/auth/${name}/logout`],
    ]),
  ];
}

/** The arbitrary: one malformed request to one of the routes. */
export function malformedRequest(backends: readonly BackendChoice[]): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      route: fc.constantFrom(...authRoutes(backends)),
      method: methodArbitrary(),
      path: pathArbitrary(),
      body: bodyArbitrary(),
      headers: fc.array(headerArbitrary(backends), { maxLength: 4 }),
      chunked: fc.boolean(),
    })
    .map(({ route: [rightMethod, routePath], method, path, body, headers, chunked }) => {
      const kinds = [body.kind, path.kind, method.kind, ...headers.map((header) => header.kind)];
      return {
        kind: kinds.filter(Boolean).join(' + ') || 'plain',
        build: (context: FuzzContext): RawRequest => ({
          method: method.pick(rightMethod),
          target: path.edit(routePath, context),
          headers: [
            ...(body.contentType === undefined
              ? []
              : [['Content-Type', body.contentType] as [string, string]]),
            ...headers.flatMap((header) => header.lines(context)),
          ],
          body: body.bytes,
          chunked: chunked && body.bytes.byteLength > 0,
        }),
      };
    });
}

// --- methods ---------------------------------------------------------------

function methodArbitrary() {
  // `get` and `FOO` are not methods Node's parser knows: it answers 400 itself.
  const wrong = fc.constantFrom(
    'GET',
    'POST',
    'PUT',
    'DELETE',
    'PATCH',
    'HEAD',
    'OPTIONS',
    'TRACE',
    'QUERY',
    'get',
    'FOO',
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant({ kind: '', pick: (right: string) => right }) },
    {
      weight: 1,
      arbitrary: wrong.map((method) => ({ kind: `method ${method}`, pick: () => method })),
    },
  );
}

// --- request targets -------------------------------------------------------

function pathArbitrary() {
  type Edit = { kind: string; edit: (path: string, context: FuzzContext) => string };
  const edit = (kind: string, change: (path: string) => string): Edit => ({
    kind,
    edit: (path) => change(path),
  });
  const query = fc.constantFrom(
    '?%',
    '?a=%ZZ&&==&',
    '?email=%00',
    '?x=%E0%A4%A',
    `?q=${'%41'.repeat(2_000)}`,
    '?a[b][c]=1&a=2',
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(edit('', (path) => path)) },
    query.map((suffix) => edit('odd query', (path) => path + suffix)),
    fc.constantFrom<Edit>(
      edit('trailing slash', (path) => `${path}/`),
      edit('upper case', (path) => path.toUpperCase()),
      edit('double slash', (path) => `/${path}`),
      edit('%00 in path', (path) => `${path}%00`),
      edit('bad %-escape in path', (path) => path.replace('/', '/%ZZ')),
      edit('encoded letter', (path) => path.replace('me', '%6De').replace('auth', '%61uth')),
      edit('dot segments', (path) => `/users/..${path}`),
      edit('encoded slash', (path) => path.replace(/\//g, '%2F')),
      edit('matrix parameter', (path) => `${path};jsessionid=1`),
      edit('raw latin1 byte', (path) => `${path}\u00ff`),
      edit('absolute-form', (path) => `http://127.0.0.1${path}`),
      edit('asterisk', () => '*'),
      edit('fragment', (path) => `${path}#x`),
      edit('unknown backend', (path) =>
        path.replace(/\/auth\/[^/]+\/(login|logout)/, '/auth/nope/$1'),
      ),
    ),
    fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) =>
      // Visible ASCII as it is (`\`, `"`, `{`, a lone `%`...), any other byte %-escaped:
      // Node's parser refuses raw bytes outside ASCII ('raw latin1 byte' covers that).
      edit('random bytes in path', (path) => `${path}/${[...bytes].map(pathByte).join('')}`),
    ),
  );
}

function pathByte(byte: number): string {
  if (byte === 0x23 || byte === 0x3f) return '%'; // `#` and `?` would end the path
  return byte > 0x20 && byte < 0x7f
    ? String.fromCharCode(byte)
    : `%${byte.toString(16).padStart(2, '0')}`;
}

// --- bodies ----------------------------------------------------------------

interface BodyCase {
  kind: string;
  bytes: Uint8Array;
  contentType?: string;
}

const CONTENT_TYPES = [
  'application/json',
  'APPLICATION/JSON',
  'application/json; charset=utf-8',
  'application/json; charset="UTF-8"',
  'application/json; charset=latin1',
  'application/json; charset=klingon',
  'application/json;;;charset=',
  'application/json, text/plain',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data',
  'text/plain',
  'text/html; charset=utf-8',
  'application/xml',
  '*/*',
  '',
  ';',
  'json',
  'application/json\u00ff',
];

function bodyArbitrary(): fc.Arbitrary<BodyCase> {
  const contentType = fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined, freq: 6 });
  return fc.tuple(bodyBytesArbitrary(), contentType).map(([[kind, bytes], type]) => ({
    kind,
    bytes,
    contentType: type,
  }));
}

const FIELD_NAMES = [
  'email',
  'password',
  'currentPassword',
  'username',
  'isSuperuser',
  'isActive',
  'id',
  '__proto__',
  'constructor',
];

function bodyBytesArbitrary(): fc.Arbitrary<[string, Uint8Array]> {
  const text = (kind: string, arbitrary: fc.Arbitrary<string>) =>
    arbitrary.map((value): [string, Uint8Array] => [kind, encoder.encode(value)]);
  const bytes = (kind: string, arbitrary: fc.Arbitrary<Uint8Array>) =>
    arbitrary.map((value): [string, Uint8Array] => [kind, value]);
  const json = fc.jsonValue({ maxDepth: 4 });
  const fields = fc.dictionary(fc.constantFrom(...FIELD_NAMES), json, { maxKeys: 4 });
  return fc.oneof(
    text('no body', fc.constant('')),
    text(
      'JSON of any type',
      json.map((value) => JSON.stringify(value) ?? 'null'),
    ),
    text(
      'fields of wrong types',
      fields.map((value) => JSON.stringify(value)),
    ),
    text('truncated JSON', truncatedJson()),
    text(
      'JSON-ish garbage',
      fc.string({
        unit: fc.constantFrom(...'{}[]":,\\ 0123456789tfnulrea.-+eE\'/'),
        maxLength: 60,
      }),
    ),
    text('huge string field', hugeField()),
    text(
      'deep nesting',
      fc.integer({ min: 100, max: 6_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    ),
    text(
      'deep object',
      fc
        .integer({ min: 100, max: 2_000 })
        .map((depth) => '{"email":'.repeat(depth) + '1' + '}'.repeat(depth)),
    ),
    text('form body', formBody()),
    text(
      'BOM before JSON',
      fc.constantFrom('\ufeff{"email":"a@b.co","password":"x"}', '\u0000{"email":1}'),
    ),
    text(
      'escapes in JSON',
      fc.constantFrom(
        '{"email":"\\ud800@x.io","password":"\\udfff"}',
        '{"email":"\\u0000","password":"\\uZZZZ"}',
        '{"email":"a@b.co","password":"\\',
      ),
    ),
    bytes('invalid UTF-8', invalidUtf8()),
    bytes('random bytes', fc.uint8Array({ maxLength: 300 })),
    // Rare: a body that passes the schema, so the route goes on to hash a password.
    { weight: 1, arbitrary: text('plausible credentials', plausibleCredentials()) },
  );
}

function truncatedJson(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.emailAddress(), fc.string({ minLength: 8, maxLength: 30 }), fc.nat())
    .map(([email, password, cut]) => {
      const whole = JSON.stringify({ email, password });
      return whole.slice(0, cut % whole.length);
    });
}

// Within the 16 KiB body limit, and over it (then the answer must be 413).
function hugeField(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('email', 'password', 'currentPassword'),
      fc.integer({ min: 1_000, max: 60_000 }),
    )
    .map(([field, size]) =>
      JSON.stringify({ email: 'a@b.co', password: 'x', [field]: 'x'.repeat(size) }),
    );
}

function formBody(): fc.Arbitrary<string> {
  const part = fc.constantFrom(
    'username=%ZZ',
    'password=%',
    '&&',
    '==',
    'username=a%40b.co',
    'password=%E0%A4%A',
    'username[]=1',
    'username=1&username=2',
    `password=${'p'.repeat(3_000)}`,
    'a=%00',
  );
  return fc.array(part, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('&'));
}

function invalidUtf8(): fc.Arbitrary<Uint8Array> {
  const bad = fc.constantFrom(
    [0xff],
    [0xfe, 0xff],
    [0xc3, 0x28],
    [0xe2, 0x82],
    [0xf0, 0x28, 0x8c, 0x28],
    [0x80],
    [0xed, 0xa0, 0x80],
  );
  return fc.tuple(fc.constantFrom('email', 'password'), bad).map(([field, sequence]) => {
    const start = encoder.encode(`{"email":"a@b.co","password":"pw","${field}":"`);
    return new Uint8Array([...start, ...sequence, ...encoder.encode('"}')]);
  });
}

function plausibleCredentials(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.emailAddress(), fc.string({ minLength: 8, maxLength: 40 }))
    .map(([email, password]) => JSON.stringify({ email, password, currentPassword: password }));
}

// --- headers ---------------------------------------------------------------

interface HeaderCase {
  kind: string;
  lines(context: FuzzContext): Array<[string, string]>;
}

const header = (
  kind: string,
  lines: (context: FuzzContext) => Array<[string, string]>,
): HeaderCase => ({ kind, lines });

function headerArbitrary(backends: readonly BackendChoice[]): fc.Arbitrary<HeaderCase> {
  const token = tokenArbitrary(backends);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(token, bearerScheme())
        .map(([[kind, value], scheme]) =>
          header(`authorization: ${kind}`, (c) => [['Authorization', scheme(value(c))]]),
        ),
    },
    { weight: 4, arbitrary: cookieHeader(token) },
    fc.tuple(token, token).map(([[a, first], [b, second]]) =>
      header(`two authorization headers: ${a}, ${b}`, (c) => [
        ['Authorization', `Bearer ${first(c)}`],
        ['Authorization', `Bearer ${second(c)}`],
      ]),
    ),
    fc
      .constantFrom('gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'x-unknown', 'IDENTITY ')
      .map((value) => header(`content-encoding ${value}`, () => [['Content-Encoding', value]])),
    fc
      .constantFrom('100-continue', 'nonsense')
      .map((value) => header(`expect ${value}`, () => [['Expect', value]])),
    fc
      .integer({ min: 1_000, max: 8_000 })
      .map((size) => header('a big header within the limit', () => [['X-Fuzz', 'x'.repeat(size)]])),
    fc
      .integer({ min: 20_000, max: 70_000 })
      .map((size) => header('a header over the limit', () => [['X-Fuzz', 'x'.repeat(size)]])),
    fc
      .integer({ min: 50, max: 400 })
      .map((count) =>
        header('many headers', () =>
          Array.from({ length: count }, (_, i): [string, string] => [`X-Many-${i}`, String(i)]),
        ),
      ),
    {
      weight: 2,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 60 })
        .map((bytes) =>
          header('odd bytes in a header value', () => [['X-Odd', headerBytes(bytes)]]),
        ),
    },
    // Both end at Node's parser (400), so together they count as one case.
    fc.oneof(
      fc
        .constantFrom('X Odd', 'X-\u00e9', 'X(odd)', '', 'Content-Type ', 'X-Odd\u0001')
        .map((name) => header('odd header name', () => [[name, 'v']])),
      fc
        .uint8Array({ minLength: 1, maxLength: 20 })
        .map((bytes) =>
          header('control bytes in a header value', () => [['X-Odd', controlBytes(bytes)]]),
        ),
    ),
    fc
      .constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded')
      .map((type) => header('a second content-type', () => [['Content-Type', type]])),
    fc
      .constantFrom('text/html', '*/*', 'application/xml', '\u00ff')
      .map((accept) => header(`accept ${accept}`, () => [['Accept', accept]])),
  );
}

function bearerScheme(): fc.Arbitrary<(token: string) => string> {
  return fc.constantFrom(
    (token: string) => `Bearer ${token}`,
    (token: string) => `bearer ${token}`,
    (token: string) => `BEARER   ${token}`,
    (token: string) => `Bearer\t${token}`,
    (token: string) => `Bearer ${token} extra`,
    (token: string) => `Basic ${token}`,
    (token: string) => token,
    () => 'Bearer',
    () => 'Bearer ',
  );
}

function cookieHeader(token: fc.Arbitrary<[string, Text]>): fc.Arbitrary<HeaderCase> {
  const piece = fc.oneof(
    {
      weight: 3,
      arbitrary: token.map(([kind, value]): [string, Text] => [
        `auth=${kind}`,
        (c) => `auth=${value(c)}`,
      ]),
    },
    token.map(([kind, value]): [string, Text] => [
      `quoted auth=${kind}`,
      (c) => `auth="${value(c)}"`,
    ]),
    token.map(([kind, value]): [string, Text] => [
      `encoded auth=${kind}`,
      (c) => `auth=${encodeURIComponent(value(c))}`,
    ]),
    fc
      .constantFrom(
        'auth',
        'auth=',
        '=',
        '=x',
        ';;',
        'a=%E0%A4%A',
        'b="unterminated',
        'c=%',
        'auth=%ZZ',
        'd=\u00ff\u00fe',
        '__proto__=1',
        'constructor=x',
        'auth=a;auth=b',
      )
      .map((text): [string, Text] => [`cookie ${text}`, constant(text)]),
    fc
      .integer({ min: 100, max: 800 })
      .map((count): [string, Text] => [
        'many cookies',
        constant(Array.from({ length: count }, (_, i) => `c${i}=${i}`).join('; ')),
      ]),
    fc
      .integer({ min: 1_000, max: 8_000 })
      .map((size): [string, Text] => ['a big cookie', constant(`big=${'x'.repeat(size)}`)]),
  );
  return fc
    .tuple(
      fc.array(piece, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('; ', ';', ', '),
      fc.boolean(),
    )
    .map(([pieces, separator, twoLines]) => {
      const kind = `cookie: ${pieces.map(([k]) => k).join(separator.trim() || ' ')}${twoLines ? ' (two Cookie lines)' : ''}`;
      return header(kind, (c) => {
        const values = pieces.map(([, value]) => value(c));
        return twoLines
          ? values.map((value): [string, string] => ['Cookie', value])
          : [['Cookie', values.join(separator)]];
      });
    });
}

// --- tokens ----------------------------------------------------------------

function tokenArbitrary(backends: readonly BackendChoice[]): fc.Arbitrary<[string, Text]> {
  const live = fc.constantFrom(...backends.map((backend) => backend.name));
  return fc.oneof(
    live.map((name): [string, Text] => [`live ${name} token`, (c) => c.tokens[name] ?? '']),
    fc
      .tuple(
        live,
        fc.nat(),
        fc.constantFrom('truncated', 'appended', 'flipped', 'doubled', 'upper case'),
      )
      .map(([name, at, change]): [string, Text] => [
        `${change} ${name} token`,
        (c) => mutate(c.tokens[name] ?? '', at, change),
      ]),
    fc
      .constantFrom(
        'none',
        'wrong key',
        'HS512',
        'bad claims',
        'no exp',
        'expired',
        'wrong audience',
      )
      .chain((variant) =>
        jwtClaims().map((claims): [string, Text] => [
          `jwt ${variant}`,
          (c) => forgedJwt(c, variant, claims),
        ]),
      ),
    fc
      .base64String({ maxLength: 200 })
      .map((text): [string, Text] => ['base64 garbage', constant(text)]),
    fc
      .uint8Array({ maxLength: 80 })
      .map((bytes): [string, Text] => ['random bytes', constant(headerBytes(bytes))]),
    fc
      .integer({ min: 1_000, max: 8_000 })
      .map((size): [string, Text] => ['a huge token', constant('A'.repeat(size))]),
    fc
      .constantFrom('', ' ', 'null', 'undefined', '..', 'a.b.c', 'eyJ.eyJ.', '%00', '\u00ff\u00fe')
      .map((text): [string, Text] => [`token ${JSON.stringify(text)}`, constant(text)]),
  );
}

function mutate(token: string, at: number, change: string): string {
  const index = token.length === 0 ? 0 : at % token.length;
  if (change === 'truncated') return token.slice(0, index);
  if (change === 'appended') return `${token}x`;
  if (change === 'doubled') return token + token;
  if (change === 'upper case') return token.toUpperCase();
  const flipped = token[index] === 'A' ? 'B' : 'A';
  return token.slice(0, index) + flipped + token.slice(index + 1);
}

// The subject of a JWT: the real user's id, or a value of a type no id has.
function jwtClaims(): fc.Arbitrary<Record<string, unknown>> {
  const subject = fc.oneof(
    fc.constant('<user>'),
    fc.constantFrom(
      '',
      'not-a-uuid',
      '-1',
      '0',
      '1.5',
      '99999999999999999999',
      "1' OR '1'='1",
      '\u0000',
      'x'.repeat(3_000),
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return fc.record({ sub: subject, jti: fc.option(fc.jsonValue({ maxDepth: 1 })) });
}

function forgedJwt(context: FuzzContext, variant: string, claims: Record<string, unknown>): string {
  const now = nowSeconds();
  const sub = claims.sub === '<user>' ? context.userId : claims.sub;
  const payload: Record<string, unknown> = {
    sub,
    jti: claims.jti,
    aud: JWT_AUDIENCE,
    iat: now,
    exp: now + 600,
  };
  if (variant === 'no exp') delete payload.exp;
  if (variant === 'expired') payload.exp = now - 600;
  if (variant === 'wrong audience') payload.aud = ['someone-else'];
  if (variant === 'bad claims')
    Object.assign(payload, { exp: 'soon', iat: { $gt: 0 }, aud: [JWT_AUDIENCE, 7] });
  if (variant === 'none') return unsignedJwt(payload);
  const key =
    variant === 'wrong key' ? 'not the key of this project, 32 chars+' : context.jwtSecret;
  return signJwt(payload, key, variant === 'HS512' ? 'HS512' : 'HS256');
}
