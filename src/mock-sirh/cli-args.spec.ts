import { CliArgsError, parseCliArgs } from './cli-args';
import { parseFaultSpec } from './fault-spec';

describe('parseCliArgs', () => {
  it('reads the compose command line with defaults', () => {
    const none = { faults: [], faultMode: null, failRate: 0 };
    expect(parseCliArgs(['--port', '4000', '--api-key', 'k'])).toEqual({ port: 4000, host: '0.0.0.0', apiKey: 'k', ...none });
    expect(parseCliArgs(['--api-key', 'k'])).toEqual({ port: 4000, host: '0.0.0.0', apiKey: 'k', ...none });
  });

  it('accepts --flag=value and --host', () => {
    expect(parseCliArgs(['--api-key=a=b', '--port=0', '--host=127.0.0.1'])).toMatchObject({ port: 0, host: '127.0.0.1', apiKey: 'a=b' });
  });

  it('reads faults: --fault adds up in order, --fault-mode and --fail-rate', () => {
    const options = parseCliArgs([
      '--api-key',
      'k',
      '--fault',
      '503x2',
      '--fault=429:1',
      '--fault',
      'reset',
      '--fault-mode',
      'delay:1500',
      '--fail-rate',
      '0.25',
    ]);
    expect(options.faults).toEqual([{ status: 503 }, { status: 503 }, { status: 429, retryAfterSeconds: 1 }, { destroy: true }]);
    expect(options.faultMode).toEqual({ delayMs: 1500 });
    expect(options.failRate).toBe(0.25);
    expect(parseCliArgs(['--api-key', 'k', '--fault-mode', 'hang']).faultMode).toEqual({ hang: true });
  });

  it.each([
    [[], 'missing required flag --api-key'],
    [['--port', '4000'], 'missing required flag --api-key'],
    [['--api-key'], '--api-key needs a value'],
    [['--api-key', '--port', '4000'], '--api-key needs a value'],
    [['--api-key='], '--api-key must not be empty'],
    [['--api-key', 'k', '--port', 'abc'], '--port must be an integer from 0 to 65535, got "abc"'],
    [['--api-key', 'k', '--port', '70000'], '--port must be an integer from 0 to 65535, got "70000"'],
    [['--api-key', 'k', '--verbose'], 'unknown argument --verbose'],
    [['k'], 'unknown argument k'],
    [['--api-key', 'k', '--fail-rate', '2'], '--fail-rate must be a number from 0 to 1, got "2"'],
    [['--api-key', 'k', '--fault-mode', '503x2'], '--fault-mode takes one fault, not a count'],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(new CliArgsError(message));
  });
});

describe('fault specs', () => {
  it.each([
    ['503', [{ status: 503 }]],
    ['422x2', [{ status: 422 }, { status: 422 }]],
    ['429:3', [{ status: 429, retryAfterSeconds: 3 }]],
    ['hang', [{ hang: true }]],
    ['reset', [{ destroy: true }]],
    ['delay:15000x2', [{ delayMs: 15000 }, { delayMs: 15000 }]],
  ])('reads %s', (spec, faults) => {
    expect(parseFaultSpec(spec)).toEqual(faults);
  });

  it.each(['', '50', '999', 'hangs', 'delay', '503x0', 'x2'])('rejects %j, saying what it expects', (spec) => {
    expect(() => parseFaultSpec(spec)).toThrow(/not a fault.*expected STATUS/);
  });
});
