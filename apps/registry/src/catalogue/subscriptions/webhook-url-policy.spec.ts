import { AppError, ErrorCode } from '@app/core';
import { type AllowedWebhookHost, type HostResolver } from '@app/webhook-policy';
import { WebhookUrlPolicy } from './webhook-url-policy';

const fakeDns: Record<string, string[]> = {
  'hooks.example.id': ['203.0.114.10'],
  'internal.example.id': ['10.20.30.40'],
  'mixed.example.id': ['203.0.114.10', '192.168.1.5'],
  'v6.example.id': ['2400:cb00::1'],
  'metadata.example.id': ['169.254.169.254'],
};
const resolver: HostResolver = (host) => {
  const found = fakeDns[host];
  return found ? Promise.resolve(found) : Promise.reject(new Error('ENOTFOUND'));
};

async function refusal(policy: WebhookUrlPolicy, url: string): Promise<AppError> {
  try {
    await policy.check(url);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

describe('WebhookUrlPolicy', () => {
  const strict = new WebhookUrlPolicy([], resolver);

  it.each([
    'https://hooks.example.id/penghubung',
    'https://203.0.114.10:8443/x',
    'https://[2400:cb00::1]/x',
    'https://v6.example.id/x',
  ])('accepts the public %s', async (url) => {
    await expect(strict.check(url)).resolves.toBeUndefined();
  });

  it.each([
    ['http://hooks.example.id/x', /must use https, not http/],
    ['ftp://hooks.example.id/x', /must use https/],
    ['not a url', /not a URL/],
    ['https://user:secret@hooks.example.id/x', /credentials/],
    ['https://127.0.0.1/x', /127\.0\.0\.1 is a loopback, private/],
    ['https://2130706433/x', /127\.0\.0\.1/],
    ['https://0x7f.1/x', /127\.0\.0\.1/],
    ['https://10.1.2.3/x', /10\.1\.2\.3/],
    ['https://172.20.0.1/x', /172\.20\.0\.1/],
    ['https://192.168.0.10/x', /192\.168\.0\.10/],
    ['https://100.64.1.1/x', /100\.64\.1\.1/],
    ['https://0.0.0.0/x', /0\.0\.0\.0/],
    ['https://[::1]/x', /::1/],
    ['https://[::ffff:127.0.0.1]/x', /::ffff:7f00:1/],
    ['https://[fd12:3456::1]/x', /fd12:3456::1/],
    ['https://[fe80::1]/x', /fe80::1/],
    ['https://internal.example.id/x', /10\.20\.30\.40 \(host 'internal\.example\.id' resolves to it\)/],
    ['https://mixed.example.id/x', /192\.168\.1\.5/],
    ['https://metadata.example.id/latest', /169\.254\.169\.254/],
    ['https://nowhere.example.id/x', /does not resolve/],
  ])('refuses %s with 422', async (url, reason) => {
    const error = await refusal(strict, url);
    expect(error.code).toBe(ErrorCode.SchemaViolation);
    expect(error.message).toMatch(reason);
  });

  it('lets an allow-list permit private hosts by name, address or range', async () => {
    const allowed: AllowedWebhookHost[] = [
      { kind: 'host', host: 'internal.example.id' },
      { kind: 'subnet', address: '192.168.0.0', prefix: 16, family: 'ipv4' },
      { kind: 'subnet', address: '::1', prefix: 128, family: 'ipv6' },
    ];
    const lenient = new WebhookUrlPolicy(allowed, resolver);
    await expect(lenient.check('https://INTERNAL.example.id/x')).resolves.toBeUndefined();
    await expect(lenient.check('https://mixed.example.id/x')).resolves.toBeUndefined();
    await expect(lenient.check('https://192.168.7.7/x')).resolves.toBeUndefined();
    await expect(lenient.check('https://[::1]:9443/x')).resolves.toBeUndefined();
    expect((await refusal(lenient, 'https://10.0.0.1/x')).message).toMatch(/10\.0\.0\.1/);
    expect((await refusal(lenient, 'http://internal.example.id/x')).message).toMatch(/https/);
  });
});
