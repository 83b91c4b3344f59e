import { Agent, request } from 'node:http';
import { PlannedDelivery } from './delivery-plan';
import { sleep } from '../harness/wait';

export interface SendOptions {
  /** http://127.0.0.1:port */
  baseUrl: string;
  token: string;
  /** Requests in flight at most. */
  concurrency: number;
  /** Deliveries are spread evenly over this long, so that the faults happen while they arrive. */
  spreadOverMs: number;
  /** Attempts per delivery when a request fails outright or gets 429/5xx, like Flatchr retrying. */
  maxAttempts: number;
  requestTimeoutMs: number;
}

export interface SendStats {
  /** Deliveries that got a 2xx answer in the end. */
  accepted: number;
  /** HTTP requests made, retries included. */
  requests: number;
  /** Requests that failed outright (refused, reset, timed out) or got 429/5xx, then were retried. */
  failedRequests: number;
  failuresByReason: Record<string, number>;
  /** Deliveries that needed more than one request. */
  retriedDeliveries: number;
  /** Deliveries still failing after maxAttempts, or refused with another 4xx: a bug in the service or in this script. */
  gaveUp: Array<{ index: number; kind: string; reason: string }>;
  /** Answers by `status` field: queued / ignored / duplicate. */
  answers: Record<string, number>;
  /** Per planned delivery, the answer that ended it. */
  results: Array<{ status?: string; id?: string; syncJobId?: string } | undefined>;
}

interface Answer {
  status: number;
  body: string;
}

function post(url: URL, json: string, agent: Agent, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) },
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(json);
  });
}

/**
 * Sends every planned delivery to the webhook, `concurrency` at a time, evenly paced over
 * `spreadOverMs`. A request that fails outright or gets 429/5xx is retried with backoff (bounded),
 * as Flatchr would; each such failure is counted.
 */
export async function sendDeliveries(items: PlannedDelivery[], o: SendOptions, onProgress?: (done: number) => void): Promise<SendStats> {
  const url = new URL(`/webhooks/flatchr?token=${encodeURIComponent(o.token)}`, o.baseUrl);
  if (url.hostname !== '127.0.0.1') throw new Error('the fault test only sends to 127.0.0.1');
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const stats: SendStats = {
    accepted: 0,
    requests: 0,
    failedRequests: 0,
    failuresByReason: {},
    retriedDeliveries: 0,
    gaveUp: [],
    answers: {},
    results: new Array(items.length),
  };
  const interval = o.spreadOverMs / items.length;
  const t0 = Date.now();
  let next = 0;
  let done = 0;

  const sendOne = async (index: number) => {
    const item = items[index];
    let lastReason = '';
    for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
      if (attempt === 2) stats.retriedDeliveries++;
      stats.requests++;
      let answer: Answer | null = null;
      try {
        answer = await post(url, item.json, agent, o.requestTimeoutMs);
      } catch (err) {
        lastReason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      }
      if (answer && answer.status >= 200 && answer.status < 300) {
        const body = JSON.parse(answer.body) as { status?: string; id?: string; syncJobId?: string };
        stats.accepted++;
        stats.answers[body.status ?? '?'] = (stats.answers[body.status ?? '?'] ?? 0) + 1;
        stats.results[index] = body;
        return;
      }
      if (answer) {
        lastReason = `HTTP ${answer.status}`;
        if (answer.status < 500 && answer.status !== 429 && answer.status !== 408) {
          stats.gaveUp.push({ index, kind: item.kind, reason: `${lastReason}: ${answer.body.slice(0, 300)}` });
          return;
        }
      }
      stats.failedRequests++;
      stats.failuresByReason[lastReason] = (stats.failuresByReason[lastReason] ?? 0) + 1;
      await sleep(Math.min(250 * 2 ** (attempt - 1), 4000));
    }
    stats.gaveUp.push({ index, kind: item.kind, reason: `still failing after ${o.maxAttempts} attempts: ${lastReason}` });
  };

  const lane = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      const wait = t0 + index * interval - Date.now();
      if (wait > 0) await sleep(wait);
      await sendOne(index);
      done++;
      onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, lane));
  agent.destroy();
  return stats;
}
