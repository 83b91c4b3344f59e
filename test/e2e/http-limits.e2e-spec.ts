import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fixture } from '../support/fixtures';
import { ops } from '../support/dashboard-helpers';
import { spawnService, ServiceProcess } from '../harness/service-process';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

const hook = `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`;
/** Larger than the default 1 MiB body limit, as in the report. */
const SIX_MIB = 6 * 1024 * 1024;

/** Runs a program and resolves with what it printed on stdout. */
function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}: ${out}`))));
    child.stdin.end(input);
  });
}

/**
 * Opens a connection, sends the headers of an upload and then a byte now and then, never the
 * whole body. Resolves with the status line the server answered (or '' for a plain close).
 */
function stalledUpload(url: string, path: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let drip: NodeJS.Timeout | undefined;
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":`);
      drip = setInterval(() => socket.writable && socket.write(' '), 200);
    });
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      resolve(answer.split('\r\n')[0]);
    });
  });
}

describe('HTTP limits', () => {
  describe('oversized bodies', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers 413 to a 6 MiB body, 10 times of 10, from clients that write the whole body before reading', async () => {
      const url = `${t.url}${hook}`;
      const body = `{"data":"${'a'.repeat(SIX_MIB)}"}`;

      const fromFetch: Array<number | string> = [];
      for (let i = 0; i < 10; i++) {
        fromFetch.push(
          await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
            async (r) => (await r.text(), r.status),
            (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
          ),
        );
      }
      expect(fromFetch).toEqual(Array(10).fill(413));

      const python = `
import http.client, sys, json
url = sys.argv[1]
body = sys.stdin.buffer.read()
host, port = url.split('/')[2].split(':')
path = '/' + url.split('/', 3)[3]
out = []
for i in range(10):
    try:
        c = http.client.HTTPConnection(host, int(port), timeout=60)
        c.request('POST', path, body=body, headers={'content-type': 'application/json'})
        r = c.getresponse(); out.append(r.status); r.read(); c.close()
    except Exception as e:
        out.append(type(e).__name__)
print(json.dumps(out))
`;
      expect(JSON.parse(await run('python3', ['-c', python, url], body))).toEqual(Array(10).fill(413));

      const fromCurl: string[] = [];
      for (let i = 0; i < 10; i++) {
        fromCurl.push(
          (
            await run(
              'curl',
              ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'content-type: application/json', '--data-binary', '@-', url],
              body,
            )
          ).trim(),
        );
      }
      expect(fromCurl).toEqual(Array(10).fill('413'));
    });

    it('answers 401, not a reset, to a large body sent without the token', async () => {
      const body = `{"data":"${'a'.repeat(SIX_MIB)}"}`;
      const res = await fetch(`${t.url}/webhooks/flatchr`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(401);
    });

    it('accepts a JSON body that starts with a byte-order mark', async () => {
      const raw = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(fixture('new_vacancy')))]);
      const res = await fetch(`${t.url}${hook}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      const row = (await t.db.query(`SELECT event, status FROM deliveries WHERE id = $1`, [id])).rows[0];
      expect(row).toEqual({ event: 'new_vacancy', status: 'ignored' });
    });

    it.each([
      '/api/sync-jobs?page=1e20',
      '/api/sync-jobs?pageSize=1e20',
      '/api/deliveries?page=1e20',
      '/api/deliveries?page=99999999999999999999',
      '/api/employees?page=1e20',
      '/dashboard?page=1e20',
      '/dashboard/deliveries?page=1e20',
      '/dashboard/fragments/jobs?page=1e20',
    ])('answers 400 to bad paging: %s', async (path) => {
      const res = await t.get(path, ops);
      expect(res.status).toBe(400);
    });
  });

  describe('slow clients', () => {
    let t: TestApp;
    let service: ServiceProcess;
    beforeAll(async () => {
      // The spawned service writes its logs where the test can read them; t provides its database.
      t = await startTestApp({ APP_ROLE: 'api' });
      service = await spawnService({ ...t.env, PORT: '0', HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000' });
    });
    afterAll(async () => {
      service.child.signal('SIGTERM');
      await service.exited;
      await t.close();
    });

    it('cuts off 2,000 trickled uploads without a token and logs it once, at warn, without a stack', async () => {
      const answers = await Promise.all(Array.from({ length: 2000 }, () => stalledUpload(service.url!, '/webhooks/flatchr')));
      // 408 when the answer could still be written, else a plain close: never a hang.
      expect(answers.filter((a) => a !== '' && a !== 'HTTP/1.1 408 Request Timeout')).toEqual([]);

      // A trickle with the token is cut off the same way.
      expect(await stalledUpload(service.url!, hook)).toMatch(/^(HTTP\/1\.1 408 Request Timeout)?$/);

      const lines = service
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      const ends = lines.filter((l) => /client connection ended/.test(l.msg ?? ''));
      expect(ends).toHaveLength(1);
      expect(ends[0]).toMatchObject({ level: 40, source: '127.0.0.1', code: 'ERR_HTTP_REQUEST_TIMEOUT' });
      // Nothing else at warn or above, but for the start-up advice on Redis' own settings.
      expect(lines.filter((l) => l.level >= 40 && l !== ends[0] && l.context !== 'Redis')).toEqual([]);
      expect(service.output()).not.toMatch(/"stack"|\n\s+at /);

      expect((await fetch(`${service.url}/health`)).status).toBe(200);
    });

    it('closes a connection whose headers never end', async () => {
      const { hostname, port } = new URL(service.url!);
      const closed = await new Promise<boolean>((resolve) => {
        let drip: NodeJS.Timeout | undefined;
        const socket = connect(Number(port), hostname, () => {
          socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
          drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 200);
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(drip);
          resolve(true);
        });
      });
      expect(closed).toBe(true);
    });
  });
});
