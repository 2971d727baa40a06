// What every peer server process shares: its settings from the environment, the
// ready line the bench waits for, and closing its connections on SIGTERM.

/** PORT, DATABASE_URL, REDIS_URL and the rest, as startPeers passes them. */
export function peerSettings() {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set to a free port');
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    redisPrefix: process.env.REDIS_PREFIX ?? 'create_auth_bench_peer:',
    jwtSecret: process.env.JWT_SECRET,
    sessionSecret: process.env.SESSION_SECRET,
  };
}

/** The line startPeers waits for on stdout. */
export function announceReady(name, baseUrl) {
  console.log(`${name} ready on ${baseUrl}`);
}

/** On SIGTERM or SIGINT: run every closer (server first), then exit. */
export function closeOnSignal(closers) {
  const close = async () => {
    for (const closer of closers) await Promise.resolve(closer()).catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

/** Closes a node:http server, ending its keep-alive connections. */
export function closeHttpServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
