import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { readBody } from '../../src/mock-sirh/http-io';

/** One HTTP request the receiver got: headers lower-cased, the body as sent (signatures are over these bytes). */
export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  raw: string;
  json: any;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answer every later request with this status (200 by default). */
  answerWith(status: number, body?: string): void;
  close(): Promise<void>;
}

/** A local receiver for the Slack and signed-webhook channels, on 127.0.0.1. */
export async function startHttpReceiver(path = '/'): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let answer = { status: 200, body: 'ok' };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req, 1024 * 1024).then(({ text }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = [v].flat().join(', ');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      requests.push({ path: req.url ?? '', headers, raw: text, json });
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    answerWith(status, body = status === 200 ? 'ok' : 'refused') {
      answer = { status, body };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent (headers and body). */
  raw: string;
  /** Subject header, decoded. */
  subject: string;
  /** The raw message with quoted-printable soft breaks and escapes undone, for content checks. */
  text: string;
}

export interface SmtpReceiver {
  port: number;
  /** smtp://user:pass@127.0.0.1:port */
  url: string;
  mails: ReceivedMail[];
  /** Logins tried, with their result. */
  logins: Array<{ user: string; ok: boolean }>;
  close(): Promise<void>;
}

/** Undoes quoted-printable (RFC 2045 §6.7): soft line breaks, then =XX bytes, read as UTF-8. */
function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const m = /^=([0-9A-F]{2})/.exec(joined.slice(i, i + 3));
    if (m) {
      bytes.push(parseInt(m[1], 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=) of a header, decoded. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/**
 * A real SMTP server (the smtp-server package) on 127.0.0.1, requiring AUTH with `user`/`pass`,
 * without STARTTLS (a self-signed certificate would only test certificate handling).
 */
export async function startSmtpReceiver(user: string, pass: string): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const logins: SmtpReceiver['logins'] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === user && auth.password === pass;
      logins.push({ user: auth.username ?? '', ok });
      if (!ok) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const unfolded = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
        const subject = decodeHeader(/^subject: (.*)$/im.exec(unfolded)?.[1] ?? '');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject,
          text: decodeQuotedPrintable(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    mails,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
