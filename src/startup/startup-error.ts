/**
 * A start-up failure the operator can fix: main() prints its one-line message, no stack. Everything
 * else (a bug) still prints in full.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

interface NodeNetError {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
  errors?: NodeNetError[];
}

/** Why Postgres could not be reached or used, from pg's error, with what to do about it. Never shows the password. */
export function postgresStartupError(err: unknown, databaseUrl: string): StartupError {
  const url = safeUrl(databaseUrl);
  const where = url ? `${url.hostname}:${url.port || '5432'}` : 'DATABASE_URL';
  const user = url ? decodeURIComponent(url.username) || 'postgres' : 'the user';
  const database = url ? decodeURIComponent(url.pathname.slice(1)) || user : 'the database';
  const e = err as NodeNetError & { message?: string };
  // SQLSTATE codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
  const messages: Record<string, string> = {
    '3D000':
      `database "${database}" does not exist on ${where}: create it with \`npm run db:create\`` +
      ` (or: createdb -h ${url?.hostname ?? 'HOST'} -U postgres -O ${user} ${database})`,
    '28000':
      `Postgres at ${where} refused role "${user}" (${e.message ?? 'no such role'}): ` +
      'create the role and database with `npm run db:create`',
    '28P01': `Postgres at ${where} refused the password of "${user}": check DATABASE_URL (or create the role with \`npm run db:create\`)`,
    ECONNREFUSED: `Postgres is not answering at ${where} (connection refused): start it, or fix the host and port in DATABASE_URL`,
    ENOTFOUND: `Postgres host "${url?.hostname ?? '?'}" not found (DATABASE_URL): fix the host name`,
    EAI_AGAIN: `Postgres host "${url?.hostname ?? '?'}" could not be resolved (DATABASE_URL): fix the host name or the DNS`,
    ETIMEDOUT: `Postgres at ${where} did not answer in time: check the host, port and firewall in DATABASE_URL`,
    EHOSTUNREACH: `Postgres at ${where} is unreachable: check the host in DATABASE_URL`,
  };
  const code = e.code ?? e.errors?.[0]?.code;
  const message = code ? messages[code] : undefined;
  return new StartupError(message ?? `Postgres at ${where} could not be used: ${e.message ?? String(err)}`, { cause: err });
}

/** Listening failed: the usual reasons are a port already taken or a privileged port. */
export function listenStartupError(err: unknown, host: string, port: number): StartupError | unknown {
  const code = (err as NodeNetError).code;
  if (code === 'EADDRINUSE') {
    return new StartupError(`port ${port} on ${host} is already in use: stop what listens there, or set another PORT`, { cause: err });
  }
  if (code === 'EACCES') {
    return new StartupError(`not allowed to listen on port ${port}: use a port above 1023 (PORT)`, { cause: err });
  }
  if (code === 'EADDRNOTAVAIL') {
    return new StartupError(`cannot listen on ${host}: this machine has no such address (HOST)`, { cause: err });
  }
  return err;
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
