import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signingKeyOf, webhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const previous = `whsec_${randomBytes(32).toString('base64')}`;
  const id = '0b0e8f2e-8a44-4b53-9d2c-6f3c0d1e2a11';
  const body = JSON.stringify({ id, data: { nik: '3171010101010001' } });

  it('verifies with the standardwebhooks package', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = webhookSignature(id, timestamp, body, [signingKeyOf(secret)]);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(previous).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('signs with both secrets during a rotation, each verifying on its own', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = webhookSignature(id, timestamp, body, [signingKeyOf(secret), signingKeyOf(previous)]);
    expect(signature.split(' ')).toHaveLength(2);
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    };
    expect(new Webhook(secret).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });

  it('refuses a secret without the whsec_ prefix', () => {
    expect(() => signingKeyOf('plain')).toThrow(/whsec_/);
  });
});
