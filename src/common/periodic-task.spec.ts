import { Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

/** A pass that ends when the test says so. */
function controllablePass() {
  const ends: Array<(err?: Error) => void> = [];
  let started = 0;
  const work = () => {
    started++;
    return new Promise<void>((resolve, reject) => ends.push((err) => (err ? reject(err) : resolve())));
  };
  return { work, started: () => started, end: (err?: Error) => ends.shift()!(err) };
}

/** Lets settled promises run their callbacks (fake timers do not advance microtasks). */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('PeriodicTask', () => {
  let logger: Logger;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    jest.useFakeTimers();
    logger = new Logger('test');
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs a pass every interval', async () => {
    const pass = controllablePass();
    const task = new PeriodicTask('pass', logger, pass.work);
    task.start(1000);
    expect(pass.started()).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(pass.started()).toBe(1);
    pass.end();
    await flush();
    jest.advanceTimersByTime(1000);
    expect(pass.started()).toBe(2);
    pass.end();
    await task.stop();
  });

  it('skips the ticks that come while a pass is still running, and starts again once it ended', async () => {
    const pass = controllablePass();
    const task = new PeriodicTask('pass', logger, pass.work);
    task.start(1000);
    jest.advanceTimersByTime(1000);
    jest.advanceTimersByTime(5000); // five ticks during the slow pass
    expect(pass.started()).toBe(1);
    pass.end();
    await flush();
    jest.advanceTimersByTime(1000);
    expect(pass.started()).toBe(2);
    pass.end();
    await task.stop();
  });

  it('logs a failed pass and tries again at the next tick', async () => {
    const pass = controllablePass();
    const task = new PeriodicTask('Cleanup pass', logger, pass.work);
    task.start(1000);
    jest.advanceTimersByTime(1000);
    pass.end(new Error('database away'));
    await flush();
    expect(warn).toHaveBeenCalledWith('Cleanup pass failed: database away');
    jest.advanceTimersByTime(1000);
    expect(pass.started()).toBe(2);
    pass.end();
    await task.stop();
  });

  it('stop() waits for the pass in progress, and no pass starts after it', async () => {
    const pass = controllablePass();
    const task = new PeriodicTask('pass', logger, pass.work);
    task.start(1000);
    jest.advanceTimersByTime(1000);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    pass.end(new Error('fails while stopping')); // a failing pass does not make stop() throw
    await stopping;
    expect(stopped).toBe(true);
    jest.advanceTimersByTime(10_000);
    expect(pass.started()).toBe(1);
  });

  it('stop() returns at once when no pass is running', async () => {
    const pass = controllablePass();
    const task = new PeriodicTask('pass', logger, pass.work);
    task.start(1000);
    await task.stop();
    jest.advanceTimersByTime(10_000);
    expect(pass.started()).toBe(0);
  });
});
