import { ConfigError, env, loadConfig } from './env';

describe('loadConfig', () => {
  const spec = {
    PORT: env.port(8080),
    BROKERS: env.hostPorts('127.0.0.1:9092'),
    LEVEL: env.oneOf(['info', 'debug'] as const, 'info'),
    LIMIT: env.bytes('1mb'),
    URL: env.url(undefined, ['postgres']),
    FLAG: env.bool(false),
    COUNT: env.int(3, 1, 10),
  };

  it('applies defaults and parses values', () => {
    const config = loadConfig(spec, {
      URL: 'postgres://x@h/db',
      BROKERS: 'a:1, b:2',
      LIMIT: '512kb',
      FLAG: 'yes',
    });
    expect(config).toEqual({
      PORT: 8080,
      BROKERS: ['a:1', 'b:2'],
      LEVEL: 'info',
      LIMIT: 512 * 1024,
      URL: 'postgres://x@h/db',
      FLAG: true,
      COUNT: 3,
    });
  });

  it('reports every bad variable at once, each with what it expects', () => {
    let thrown: unknown;
    try {
      loadConfig(spec, {
        PORT: 'http',
        BROKERS: 'nocolon',
        LEVEL: 'loud',
        LIMIT: '2gb',
        URL: 'mysql://x',
        FLAG: 'maybe',
        COUNT: '11',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([
      "PORT: expected a TCP port from 0 to 65535; got 'http'",
      "BROKERS: expected a comma-separated list of host:port; 'nocolon' is not host:port",
      "LEVEL: expected one of info, debug; got 'loud'",
      "LIMIT: expected a size in bytes, e.g. 1048576, 512kb or 1mb; got '2gb'",
      "URL: expected a URL (postgres); has protocol 'mysql:'",
      "FLAG: expected true or false; got 'maybe'",
      'COUNT: expected an integer from 1 to 10; got 11',
    ]);
  });

  it('requires variables without a default', () => {
    expect(() => loadConfig(spec, {})).toThrow('URL: expected a URL (postgres); is required');
  });

  it('never echoes a secret back', () => {
    const secretSpec = { ADMIN_KEY: env.secret(16) };
    expect(() => loadConfig(secretSpec, { ADMIN_KEY: 'short-secret' })).toThrow(
      'ADMIN_KEY: expected a secret of at least 16 characters; must be at least 16 characters long',
    );
    try {
      loadConfig(secretSpec, { ADMIN_KEY: 'short-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret');
    }
  });
});
