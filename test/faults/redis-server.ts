import { join } from 'node:path';
import { Child } from './child-process';

/**
 * This run's own redis-server (never the machine's shared one): AOF on, no RDB snapshots,
 * noeviction, as the README asks of production. `restart()` stops it with SIGTERM (a clean
 * shutdown that flushes the AOF) and starts it again on the same port and directory.
 */
export class OwnRedis {
  private child: Child | null = null;
  restarts = 0;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = [
      '--port', String(this.port),
      '--bind', '127.0.0.1',
      '--dir', this.dir,
      '--appendonly', 'yes',
      '--save', '',
      '--maxmemory-policy', 'noeviction',
      '--daemonize', 'no',
      '--logfile', '',
    ];
    this.child = new Child('redis-server', 'redis-server', args, { PATH: process.env.PATH ?? '' }, join(this.dir, 'redis.log'));
    await this.child.waitForOutput(/Ready to accept connections/, 15000);
  }

  /** SIGTERM and wait for the process to be gone. */
  async stop(): Promise<void> {
    if (!this.child) return;
    await this.child.stop(10000);
    this.child = null;
  }

  async restart(downMs: number): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
    this.restarts++;
  }
}
