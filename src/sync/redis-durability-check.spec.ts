import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { TEST_REDIS_URL } from '../../test/support/test-database';
import { checkRedisDurability } from './redis-durability-check';

/** A Redis whose CONFIG GET answers from `settings`, or throws when given an error. */
const fakeRedis = (settings: Record<string, string> | Error) =>
  ({
    config: async (_get: string, name: string) => {
      if (settings instanceof Error) throw settings;
      return [name, settings[name]];
    },
  }) as unknown as IORedis;

describe('checkRedisDurability', () => {
  it('is silent for noeviction with AOF on', async () => {
    expect(await checkRedisDurability(fakeRedis({ 'maxmemory-policy': 'noeviction', appendonly: 'yes' }))).toEqual([]);
  });

  it('warns, naming the policy, for any other eviction policy', async () => {
    const warnings = await checkRedisDurability(fakeRedis({ 'maxmemory-policy': 'allkeys-lru', appendonly: 'yes' }));
    expect(warnings).toEqual([expect.stringMatching(/allkeys-lru.*noeviction/)]);
  });

  it('warns when AOF is off', async () => {
    const warnings = await checkRedisDurability(fakeRedis({ 'maxmemory-policy': 'noeviction', appendonly: 'no' }));
    expect(warnings).toEqual([expect.stringMatching(/appendonly is "no".*appendonly yes/)]);
  });

  it('warns once when CONFIG is forbidden', async () => {
    const warnings = await checkRedisDurability(fakeRedis(new Error("ERR unknown command 'CONFIG'")));
    expect(warnings).toEqual([expect.stringMatching(/Could not read.*unknown command.*noeviction.*appendonly/)]);
  });

  it("reads the machine's Redis", async () => {
    const redis = new IORedis(TEST_REDIS_URL);
    try {
      const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as unknown as string[];
      const [, aof] = (await redis.config('GET', 'appendonly')) as unknown as string[];
      const warnings = await checkRedisDurability(redis);
      expect(warnings.some((w) => w.includes('maxmemory-policy'))).toBe(policy !== 'noeviction');
      expect(warnings.some((w) => w.includes('appendonly'))).toBe(aof !== 'yes');
    } finally {
      await redis.quit();
    }
  });

  it('tells AOF on from off on real Redis servers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirebridge-redis-'));
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    // A throwaway server: the machine's shared Redis is never reconfigured by tests.
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'];
    const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const redis = new IORedis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: null });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout!.on('data', (d: Buffer) => (out += d.toString()) && /Ready to accept connections/.test(out) && resolve());
        server.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      });
      await redis.connect();
      expect(await checkRedisDurability(redis)).toEqual([]);
      await redis.config('SET', 'appendonly', 'no');
      expect(await checkRedisDurability(redis)).toEqual([expect.stringContaining('appendonly is "no"')]);
    } finally {
      redis.disconnect();
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
