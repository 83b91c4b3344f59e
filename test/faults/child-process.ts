import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { sleep } from './wait';

/** A child process of this run: its whole output goes to a log file, the last lines are kept for errors. */
export class Child {
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly tail: string[] = [];
  private readonly logFile: WriteStream;
  private ended = false;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    env: Record<string, string>,
    logPath: string,
  ) {
    this.logFile = createWriteStream(logPath, { flags: 'a' });
    this.logFile.write(`--- ${new Date().toISOString()} start ${name}: ${command} ${args.join(' ')}\n`);
    this.process = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.logFile.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.tail.push(line);
        if (this.tail.length > 30) this.tail.shift();
      }
    };
    this.process.stdout!.on('data', keep);
    this.process.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code, signal) => {
        this.ended = true;
        this.logFile.write(`--- ${new Date().toISOString()} ${name} exited: code ${code}, signal ${signal}\n`);
        this.logFile.end();
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return !this.ended;
  }

  lastLines(): string {
    return this.tail.join('\n');
  }

  /** Resolves once `pattern` shows in the output; rejects if the process exits or `timeoutMs` passes first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-4000);
        if (pattern.test(seen)) done(null);
      };
      const timer = setTimeout(() => done(new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms`)), timeoutMs);
      const onExit = () => done(new Error(`${this.name} exited before ${pattern}`));
      const done = (err: Error | null) => {
        clearTimeout(timer);
        this.process.stdout!.off('data', onData);
        this.process.stderr!.off('data', onData);
        this.process.off('exit', onExit);
        if (err) reject(new Error(`${err.message}\n--- last output of ${this.name} ---\n${this.lastLines()}`));
        else resolve();
      };
      this.process.stdout!.on('data', onData);
      this.process.stderr!.on('data', onData);
      this.process.once('exit', onExit);
    });
  }

  /** Sends `signal` to this child only (by pid). */
  signal(signal: NodeJS.Signals): void {
    if (this.ended) return;
    try {
      this.process.kill(signal);
    } catch {
      /* already gone */
    }
  }

  /** SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
  async stop(graceMs = 10000): Promise<void> {
    if (this.ended) return;
    this.signal('SIGTERM');
    const exited = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!exited) {
      this.signal('SIGKILL');
      await Promise.race([this.exited, sleep(3000)]);
    }
  }
}
