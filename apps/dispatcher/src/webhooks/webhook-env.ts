import { isIP } from 'node:net';
import { type EnvVar } from '@app/core';

/** A config problem whose message is printed as is (loadConfig prints `String(error)`). */
class ConfigValueError extends Error {
  override toString(): string {
    return this.message;
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `0s`, `200ms`, `5m`, `2h`, `1d` (a bare number is milliseconds) → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match?.[1]) throw new ConfigValueError(`'${text}' is not a duration such as 0s, 200ms, 5m, 2h`);
  return Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
}

/**
 * The webhook retry schedule: the delay before each attempt, the first usually `0s` (immediately). Its
 * length is the number of attempts; after the last one fails the delivery is dead-lettered.
 */
export function retrySchedule(fallback: string): EnvVar<number[]> {
  const parse = (raw: string): number[] => {
    const items = raw.split(',').map((item) => item.trim());
    if (items.length === 0 || items.length > 50 || items.some((item) => item === '')) {
      throw new ConfigValueError(`'${raw}' is not 1 to 50 comma-separated durations`);
    }
    return items.map(parseDuration);
  };
  return {
    expects: 'comma-separated durations (e.g. 0s,5s,5m,30m,2h): the delay before each attempt',
    defaultText: fallback,
    parse: (raw) => parse(raw === undefined || raw.trim() === '' ? fallback : raw),
  };
}

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
      throw new ConfigValueError(`'${item}' is not an IP address or CIDR range`);
    }
    return { kind: 'subnet', address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
  }
  const host = item.toLowerCase();
  if (prefixText !== undefined || !HOSTNAME.test(host)) {
    throw new ConfigValueError(`'${item}' is not a host name, IP address or CIDR range`);
  }
  return { kind: 'host', host };
}

/**
 * Webhook destinations that may be in private networks (loopback, RFC 1918, link-local, ...): host names
 * (exact match), IP addresses and CIDR ranges, comma-separated. Empty: none may. Same syntax as the
 * registry's variable of the same name, which checks URLs when subscriptions are requested.
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

/**
 * The key that encrypts webhook signing secrets at rest: 32 bytes, base64. Optional so that apps and tests
 * that do not deliver webhooks start without it; without it no secret can be created or read, and webhook
 * deliveries wait ("no signing secret").
 */
export const webhookSecretKey: EnvVar<Buffer | undefined> = {
  expects: 'a 32-byte key in base64 (e.g. `openssl rand -base64 32`), optional',
  parse(raw) {
    if (raw === undefined || raw.trim() === '') return undefined;
    const key = Buffer.from(raw.trim(), 'base64');
    if (key.length !== 32 || key.toString('base64') !== raw.trim()) {
      throw new ConfigValueError('is not 32 bytes in base64');
    }
    return key;
  },
};

/** A regular expression matched against whole agency ids. */
export const agencyPattern: EnvVar<RegExp> = {
  expects: 'a regular expression matching whole agency ids',
  defaultText: '.*',
  parse(raw) {
    const text = raw === undefined || raw.trim() === '' ? '.*' : raw.trim();
    try {
      return new RegExp(`^(?:${text})$`);
    } catch (error) {
      throw new ConfigValueError(`'${text}' is not a regular expression: ${(error as Error).message}`);
    }
  },
};
