import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './wait';

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
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code, signal) => {
        this.ended = true;
        this.exitCode = code ?? signal;
        running.delete(this);
        this.logFile?.write(`--- ${new Date().toISOString()} ${name} exited: code ${code}, signal ${signal}\n`);
        this.logFile?.end();
        resolve({ code, signal });
      }),
    );
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
      const onExit = () => done(new Error(`${this.name} exited (${this.exitCode}) before ${pattern}`));
      const done = (err: Error | null, match?: RegExpExecArray) => {
        clearTimeout(timer);
        this.process.stdout!.off('data', onData);
        this.process.stderr!.off('data', onData);
        this.process.off('exit', onExit);
        if (err) reject(new Error(`${err.message}\n--- last output of ${this.name} ---\n${this.lastLines()}`));
        else resolve(match!);
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

/** Stops every child this process started that is still running. */
export async function stopAllChildren(graceMs = 5000): Promise<void> {
  await Promise.all([...running].map((c) => c.stop(graceMs)));
}
