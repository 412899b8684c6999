import { WebhookAddressGuard, WebhookRefusedError } from './address-guard';
import { webhookAllowedHosts } from './allowed-hosts';

const resolveTo =
  (addresses: Record<string, string[]>) =>
  (host: string): Promise<string[]> =>
    Promise.resolve(addresses[host] ?? []);

describe('WebhookAddressGuard (SSRF at send time)', () => {
  const guard = new WebhookAddressGuard(
    [],
    false,
    resolveTo({ 'hooks.example.id': ['203.0.114.7'], 'rebind.example.id': ['93.184.216.34', '10.1.2.3'] }),
  );

  it.each([
    'https://10.0.0.1/x',
    'https://172.16.5.4/x',
    'https://192.168.1.1/x',
    'https://127.0.0.1/x',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/x',
    'https://0.0.0.0/x',
    'https://224.0.0.1/x',
    'https://[::1]/x',
    'https://[::]/x',
    'https://[fd00::1]/x',
    'https://[fe80::1]/x',
    'https://[ff02::1]/x',
    'https://[::ffff:10.0.0.1]/x',
    'https://0x7f.1/x',
    'https://2130706433/x',
    'https://rebind.example.id/x',
  ])('refuses %s', async (url) => {
    await expect(guard.check(url)).rejects.toBeInstanceOf(WebhookRefusedError);
  });

  it('accepts a public host and answers the address it checked', async () => {
    await expect(guard.check('https://hooks.example.id/in')).resolves.toMatchObject({
      address: '203.0.114.7',
      family: 4,
    });
  });

  it('refuses http unless allowed, credentials, and hosts that do not resolve', async () => {
    await expect(guard.check('http://hooks.example.id/in')).rejects.toThrow(/https/);
    await expect(guard.check('https://user:pw@hooks.example.id/in')).rejects.toThrow(/credentials/);
    await expect(guard.check('https://nowhere.example.id/in')).rejects.toThrow(/does not resolve/);
    await expect(guard.check('not a url')).rejects.toThrow(/not a URL/);
  });

  it('lets the allow-list open hosts, addresses and ranges', async () => {
    const allowed = new WebhookAddressGuard(
      webhookAllowedHosts.parse('127.0.0.1, 10.20.0.0/16, intranet.local'),
      true,
      resolveTo({ 'intranet.local': ['192.168.7.7'] }),
    );
    await expect(allowed.check('http://127.0.0.1:8080/x')).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(allowed.check('https://10.20.3.4/x')).resolves.toMatchObject({ address: '10.20.3.4' });
    await expect(allowed.check('https://intranet.local/x')).resolves.toMatchObject({
      address: '192.168.7.7',
    });
    await expect(allowed.check('https://10.21.0.1/x')).rejects.toBeInstanceOf(WebhookRefusedError);
    await expect(allowed.check('https://[::1]/x')).rejects.toBeInstanceOf(WebhookRefusedError);
  });
});
