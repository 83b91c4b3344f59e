import { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs`, never two passes at once, and lets shutdown wait for the pass
 * in progress. Failures are logged and the next pass tries again.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
    private readonly work: () => Promise<unknown>,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    // Background housekeeping must never keep the process alive on its own.
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.work().finally(() => (this.running = undefined));
    await this.running.catch((err: Error) => this.logger.warn(`${this.name} failed: ${err.message}`));
  }
}
