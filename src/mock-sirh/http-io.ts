import { IncomingMessage, ServerResponse } from 'node:http';

/** What the mock answers: a status, a body (JSON unless a string) and extra headers. */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ReadBody {
  text: string;
  tooLarge: boolean;
}

/**
 * Reads the whole body, keeping at most `maxBytes`. Past the cap it keeps draining and discards, so the
 * 413 reaches a client that is still uploading instead of it seeing a reset. Rejects if the client goes away.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('client closed the request before sending it whole'));
    });
  });
}

export function sendAnswer(res: ServerResponse, answer: Answer): void {
  const raw = typeof answer.body === 'string';
  const payload = raw ? (answer.body as string) : JSON.stringify(answer.body ?? null);
  res.writeHead(answer.status, {
    'content-type': raw ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    ...lowerCaseKeys(answer.headers ?? {}),
  });
  res.end(payload);
}

/** So a fault's `Content-Type` replaces the default instead of being sent twice. */
function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
