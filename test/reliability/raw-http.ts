/**
 * HTTP/1.1 over a bare `node:net` socket, byte for byte as written: fetch and
 * node:http refuse the odd header bytes and request targets the fuzz test sends.
 * One request per connection (`Connection: close`), read until the server closes.
 */
import { connect } from 'node:net';

/** A request as it goes on the wire; strings are written as latin1, one byte per character. */
export interface RawRequest {
  method: string;
  /** The request target: a path and query, `*`, or an absolute URL. */
  target: string;
  headers: Array<[string, string]>;
  body?: Uint8Array;
  /** How the body is framed: a Content-Length (default) or chunked transfer coding. */
  chunked?: boolean;
}

/** What came back. */
export interface RawResponse {
  /** 0 when the connection closed before a status line arrived. */
  status: number;
  /** Header lines of the final (non-1xx) answer, names lower-cased. */
  headers: Array<[string, string]>;
  body: Buffer;
  /** Set when the socket failed (ECONNRESET, say) before a full answer; not a timeout. */
  socketError?: string;
  timedOut: boolean;
}

/** The bytes of the request head: request line, Host, the headers, framing, Connection: close. */
export function requestHead(request: RawRequest, host: string): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const length = request.body?.byteLength ?? 0;
  if (request.chunked) lines.push('Transfer-Encoding: chunked');
  else if (length > 0 || request.method !== 'GET') lines.push(`Content-Length: ${length}`);
  lines.push('Connection: close');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Sends one request and reads the answer until the server closes the connection. */
export function sendRaw(
  port: number,
  request: RawRequest,
  timeoutMs = 10_000,
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let socketError: string | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, timeoutMs);

    // One write: a server that answers without reading the body and closes must not
    // make a later write fail (EPIPE), which would throw away the answer unread.
    socket.on('connect', () => {
      socket.write(Buffer.concat([requestHead(request, `127.0.0.1:${port}`), framedBody(request)]));
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server that answers before reading the whole body may reset the socket while
    // we still write; what it answered is in the chunks already.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      socketError = error.code ?? error.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(chunks)), socketError, timedOut });
    });
  });
}

function framedBody(request: RawRequest): Buffer {
  const body = Buffer.from(request.body ?? new Uint8Array());
  if (!request.chunked) return body;
  // Two chunks when there is enough body, so a chunk boundary falls inside the JSON.
  const middle = Math.floor(body.byteLength / 2);
  const chunks = [body.subarray(0, middle), body.subarray(middle)]
    .filter((part) => part.byteLength > 0)
    .map((part) =>
      Buffer.concat([
        Buffer.from(`${part.byteLength.toString(16)}\r\n`),
        part,
        Buffer.from('\r\n'),
      ]),
    );
  return Buffer.concat([...chunks, Buffer.from('0\r\n\r\n')]);
}

/** Parses the answer, skipping interim 1xx answers (100 Continue). */
function parseResponse(data: Buffer): Pick<RawResponse, 'status' | 'headers' | 'body'> {
  let rest = data;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return { status: 0, headers: [], body: rest };
    const [statusLine = '', ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers = lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    });
    rest = rest.subarray(end + 4);
    if (status >= 100 && status < 200) continue;
    const chunked = headers.some(
      ([name, value]) => name === 'transfer-encoding' && /chunked/i.test(value),
    );
    return { status, headers, body: chunked ? dechunk(rest) : rest };
  }
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The first value of a response header, or undefined. */
export function headerOf(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key === name)?.[1];
}
