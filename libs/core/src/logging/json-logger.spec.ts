import { JsonLogger } from './json-logger';
import { requestContext } from './request-context';

describe('JsonLogger', () => {
  function capture(level: 'info' | 'warn' | 'error' | 'debug' = 'info') {
    const lines: string[] = [];
    return { lines, logger: new JsonLogger('gateway', level, 'json', (line) => lines.push(line)) };
  }

  it('writes one JSON object per line with app, level, context and request id', () => {
    const { lines, logger } = capture();
    requestContext.run({ requestId: 'req-1' }, () => logger.log('published', 'RecordsController'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      app: 'gateway',
      context: 'RecordsController',
      requestId: 'req-1',
      msg: 'published',
    });
  });

  it('redacts secret-looking keys at any depth', () => {
    const { lines, logger } = capture();
    logger.log({
      msg: 'login',
      headers: { authorization: 'Bearer abc' },
      apiKey: 'k',
      nested: { password: 'p' },
    });
    const line = lines[0] ?? '';
    expect(line).not.toContain('Bearer abc');
    expect(JSON.parse(line)).toMatchObject({
      headers: { authorization: '[redacted]' },
      apiKey: '[redacted]',
      nested: { password: '[redacted]' },
    });
  });

  it('drops entries below the configured level', () => {
    const { lines, logger } = capture('warn');
    logger.log('info line');
    logger.debug('debug line');
    logger.warn('warn line');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['warn line']);
  });
});
