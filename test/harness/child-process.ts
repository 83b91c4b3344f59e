import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { join } from 'node:path';

const EXIT_WITH_PARENT = join(__dirname, 'exit-with-parent.js');

export interface ChildOptions {
  env: Record<string, string>;
  cwd?: string;
  /** The whole output goes to this file (appended); otherwise only the last lines are kept. */
  logPath?: string;
  /** Keeps the whole output in memory for output(): for tests that assert on log lines. */
  keepOutput?: boolean;
}

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

/** Every child still running, so a run can stop them all (by pid) on its way out. */
const running = new Set<Child>();

/**
 * A child process of a test or bench run. Node children get the exit-with-parent preload, so they
 * stop by themselves should the run die without cleaning up. The last lines are kept for errors.
 */
export class Child {
  readonly process: ChildProcess;
  readonly exited: Promise<ExitStatus>;
  /** Exit code, or the signal's name, once it has exited. */
  exitCode: number | string | null = null;
  private readonly tail: string[] = [];
  private all = '';
  private readonly logFile: WriteStream | null;
  private ended = false;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: ChildOptions,
  ) {
    const argv = command === process.execPath ? ['-r', EXIT_WITH_PARENT, ...args] : args;
    this.logFile = options.logPath ? createWriteStream(options.logPath, { flags: 'a' }) : null;
    this.logFile?.write(`--- ${new Date().toISOString()} start ${name}: ${command} ${args.join(' ')}\n`);
    this.process = spawn(command, argv, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(this);
    const keep = (chunk: Buffer) => {
      this.logFile?.write(chunk);
      const text = chunk.toString();
      if (options.keepOutput) this.all += text;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        this.tail.push(line);
        if (this.tail.length > 40) this.tail.shift();
      }
    };
    this.process.stdout!.on('data', keep);
    this.process.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null, reason?: string) => {
        if (this.ended) return;
        this.ended = true;
        this.exitCode = reason ?? code ?? signal;
        running.delete(this);
        this.logFile?.write(
          `--- ${new Date().toISOString()} ${name} exited: code ${code}, signal ${signal}${reason ? `, ${reason}` : ''}\n`,
        );
        this.logFile?.end();
        resolve({ code, signal });
      };
      this.process.once('exit', (code, signal) => finish(code, signal));
      // A command that cannot be spawned (ENOENT) gets no 'exit': it ends here, with its reason.
      this.process.on('error', (err) => {
        this.tail.push(`${name}: ${err.message}`);
        if (this.process.pid === undefined) finish(null, null, err.message);
      });
    });
  }

  get pid(): number {
    return this.process.pid ?? 0;
  }

  get running(): boolean {
    return !this.ended;
  }

  lastLines(): string {
    return this.tail.join('\n');
  }

  /** Everything it printed so far (only with keepOutput). */
  output(): string {
    return this.all;
  }

  /** Resolves with the match once `pattern` shows in the output; rejects if the process exits or `timeoutMs` passes first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-4000);
        const match = pattern.exec(seen);
        if (match) done(null, match);
      };
      const timer = setTimeout(() => done(new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms`)), timeoutMs);
      let settled = false;
      void this.exited.then(() => done(new Error(`${this.name} exited (${this.exitCode}) before ${pattern}`)));
      const done = (err: Error | null, match?: RegExpExecArray) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.process.stdout!.off('data', onData);
        this.process.stderr!.off('data', onData);
        if (err) reject(new Error(`${err.message}\n--- last output of ${this.name} ---\n${this.lastLines()}`));
        else resolve(match!);
      };
      this.process.stdout!.on('data', onData);
      this.process.stderr!.on('data', onData);
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
    if (!(await this.exitsWithin(graceMs))) {
      this.signal('SIGKILL');
      await this.exitsWithin(3000);
    }
  }

  /** Whether it exits within `ms`; the timer is cleared either way, so it never holds a test runner open. */
  private async exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([this.exited.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Stops every child this process started that is still running. */
export async function stopAllChildren(graceMs = 5000): Promise<void> {
  await Promise.all([...running].map((c) => c.stop(graceMs)));
}
