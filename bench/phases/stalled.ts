/**
 * Stalled uploads: CFG.stalledUploads connections each send the headers of a webhook delivery without
 * its token and a first piece of body, then nothing more. They must cost the API process about what
 * their sockets cost (the body is discarded, never parsed), and each must be cut off by the request
 * time-out, however many there are.
 */
import { connect, Socket } from 'node:net';
import { sleep } from '../../test/harness/wait';
import { CFG } from '../config';
import { results, templateName } from '../context';
import { createDatabase, deleteQueueKeys, dropDatabase, newPrefix } from '../lib/infra';
import { log } from '../lib/log';
import { round, rssMb } from '../lib/measure';
import { startService } from '../lib/processes';

const REQUEST_TIMEOUT_MS = 10_000;
const FIRST_PIECE_BYTES = 16 * 1024;

interface StalledUpload {
  socket: Socket;
  closedAfterMs: Promise<number>;
}

/** `closedAfterMs`: from this upload's own first bytes to the end of its connection. */
function openStalledUpload(url: string): Promise<StalledUpload> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let sentAt = Date.now();
    const closedAfterMs = new Promise<number>((done) => socket.once('close', () => done(Date.now() - sentAt)));
    socket.on('error', () => undefined);
    // Read what the server answers (its 408), or the socket never sees the end of the connection.
    socket.resume();
    socket.once('connect', () => {
      sentAt = Date.now();
      socket.write(
        `POST /webhooks/flatchr HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n` +
          `{"data":"${'x'.repeat(FIRST_PIECE_BYTES)}`,
      );
      resolve({ socket, closedAfterMs });
    });
    socket.once('error', reject);
  });
}

export async function stalled(): Promise<void> {
  const db = await createDatabase('stalled', templateName());
  const prefix = newPrefix('stalled');
  const svc = await startService({
    role: 'api',
    dbUrl: db.url,
    prefix,
    label: 'service-api-stalled',
    env: { HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
  });
  try {
    log(`stalled uploads: ${svc.url} up, opening ${CFG.stalledUploads}`);
    await sleep(2000);
    const rssBeforeMb = rssMb(svc.pid)!;
    const startedAt = Date.now();
    const uploads: StalledUpload[] = [];
    // In batches, so that the bench's own connect calls do not pile up.
    for (let i = 0; i < CFG.stalledUploads; i += 200) {
      const batch = Math.min(200, CFG.stalledUploads - i);
      uploads.push(...(await Promise.all(Array.from({ length: batch }, () => openStalledUpload(svc.url)))));
    }
    const openedAfterMs = Date.now() - startedAt;
    log(`stalled uploads: ${uploads.length} open after ${openedAfterMs} ms`);
    await sleep(Math.max(0, Math.min(REQUEST_TIMEOUT_MS / 2, REQUEST_TIMEOUT_MS - openedAfterMs - 1000)));
    const rssStalledMb = rssMb(svc.pid)!;
    const closedAfter = await Promise.all(uploads.map((u) => u.closedAfterMs));
    await sleep(3000);
    const rssAfterMb = rssMb(svc.pid)!;
    const health = await fetch(`${svc.url}/health`).then(
      (r) => r.status,
      () => 0,
    );
    results.stalled = {
      uploads: uploads.length,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      openedAfterMs,
      rssBeforeMb: round(rssBeforeMb),
      rssStalledMb: round(rssStalledMb),
      rssAfterMb: round(rssAfterMb),
      kbPerUpload: round(((rssStalledMb - rssBeforeMb) * 1024) / uploads.length),
      lastClosedAfterMs: Math.max(...closedAfter),
      healthAfter: health,
    };
    log(`stalled uploads: ${JSON.stringify(results.stalled)}`);
  } finally {
    await svc.stop(8000);
    await dropDatabase(db.name);
    await deleteQueueKeys(prefix);
  }
}
