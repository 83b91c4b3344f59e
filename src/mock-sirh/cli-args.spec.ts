import { CliArgsError, parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('reads the compose command line with defaults', () => {
    expect(parseCliArgs(['--port', '4000', '--api-key', 'k'])).toEqual({ port: 4000, host: '0.0.0.0', apiKey: 'k' });
    expect(parseCliArgs(['--api-key', 'k'])).toEqual({ port: 4000, host: '0.0.0.0', apiKey: 'k' });
  });

  it('accepts --flag=value and --host', () => {
    expect(parseCliArgs(['--api-key=a=b', '--port=0', '--host=127.0.0.1'])).toEqual({ port: 0, host: '127.0.0.1', apiKey: 'a=b' });
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
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(new CliArgsError(message));
  });
});
