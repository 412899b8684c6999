import { isIP } from 'node:net';
import { type EnvVar, InvalidEnvValue } from '@app/core';

/** One entry of WEBHOOK_ALLOWED_HOSTS: an exact host name, an IP address or a CIDR range. */
export type AllowedWebhookHost =
  | { kind: 'host'; host: string }
  | { kind: 'subnet'; address: string; prefix: number; family: 'ipv4' | 'ipv6' };

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function parseAllowedHost(item: string): AllowedWebhookHost {
  const unbracketed = item.replace(/^\[(.*)\](\/\d+)?$/, '$1$2');
  const [address = '', prefixText, extra] = unbracketed.split('/');
  const version = isIP(address);
  if (version !== 0) {
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new InvalidEnvValue(`'${item}' is not an IP address or CIDR range`);
    }
    return { kind: 'subnet', address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
  }
  const host = item.toLowerCase();
  if (prefixText !== undefined || !HOSTNAME.test(host)) {
    throw new InvalidEnvValue(`'${item}' is not a host name, IP address or CIDR range`);
  }
  return { kind: 'host', host };
}

/**
 * Webhook destinations that may be in private networks (loopback, RFC 1918, link-local, ...): host names
 * (exact match), IP addresses and CIDR ranges, comma-separated. Empty: none may.
 */
export const webhookAllowedHosts: EnvVar<AllowedWebhookHost[]> = {
  expects: 'a comma-separated list of host names, IP addresses and CIDR ranges (may be empty)',
  defaultText: '(empty)',
  parse(raw) {
    if (raw === undefined || raw.trim() === '') return [];
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map(parseAllowedHost);
  },
};
