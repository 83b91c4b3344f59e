import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HugeAnswerServer {
  url: string;
  /** Bytes written to each request's answer so far, in arrival order. */
  readonly sent: number[];
  /** Resolves once `n` answers were closed by their client before the body was complete. */
  cutShort(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * An HRIS double whose every answer is `status` with a body of `totalBytes`, produced as the
 * client reads it (never held in memory), so a client that stops reading stops the stream.
 */
export async function startHugeAnswerServer(status: number, totalBytes: number, head = '{"error":"'): Promise<HugeAnswerServer> {
  const sent: number[] = [];
  let cut = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server: Server = createServer((req, res) => {
    req.resume();
    const index = sent.push(0) - 1;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(totalBytes) });
    res.write(head);
    sent[index] = head.length;
    const pump = () => {
      while (sent[index] < totalBytes && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent[index]));
        sent[index] += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on('error', () => undefined);
    res.on('close', () => {
      if (sent[index] >= totalBytes) return;
      cut++;
      for (const w of waiters.filter((w) => cut >= w.n)) w.resolve();
    });
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    cutShort: (n) => (cut >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
