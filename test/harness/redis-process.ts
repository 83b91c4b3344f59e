import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child } from './child-process';
import { freePort } from './free-port';
import { sleep } from './wait';

export interface RedisProcessOptions {
  /** Extra redis-server arguments, e.g. `['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']`. */
  args?: string[];
  port?: number;
  /** Its working directory (AOF files, redis.log); a temp dir removed by stop() when not given. */
  dir?: string;
}

/**
 * A redis-server of the run's own (never the machine's shared one), so its configuration can be
 * changed and it can be restarted at will. No RDB snapshots; AOF off unless `args` turn it on.
 */
export class RedisProcess {
  private child: Child | null = null;
  private readonly ownDir: boolean;
  readonly dir: string;
  restarts = 0;

  private constructor(
    readonly port: number,
    private readonly options: RedisProcessOptions,
  ) {
    this.ownDir = !options.dir;
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), 'hirebridge-redis-'));
  }

  static async start(options: RedisProcessOptions = {}): Promise<RedisProcess> {
    const redis = new RedisProcess(options.port ?? (await freePort()), options);
    try {
      await redis.startProcess();
    } catch (err) {
      await redis.stop();
      throw err;
    }
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async startProcess(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--logfile',
      '',
      ...(this.options.args ?? []),
    ];
    this.child = new Child('redis-server', 'redis-server', args, {
      env: { PATH: process.env.PATH ?? '' },
      logPath: join(this.dir, 'redis.log'),
    });
    await this.child.waitForOutput(/Ready to accept connections/, 30000);
  }

  /** SIGTERM (a clean shutdown that flushes the AOF) and wait for the process to be gone; removes its temp dir. */
  async stop(): Promise<void> {
    await this.stopProcess();
    if (this.ownDir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Stops it and starts it again on the same port and directory; `whileDown` runs right after it stopped, before the `downMs` pause. */
  async restart(downMs: number, whileDown: () => void = () => undefined): Promise<void> {
    await this.stopProcess();
    whileDown();
    await sleep(downMs);
    await this.startProcess();
    this.restarts++;
  }

  private async stopProcess(): Promise<void> {
    if (!this.child) return;
    await this.child.stop(10000);
    this.child = null;
  }
}

/** Starts `redis-server` with `args` on a free port, in memory only unless `args` say otherwise. */
export function startRedisProcess(args: string[] = []): Promise<RedisProcess> {
  return RedisProcess.start({ args });
}
