import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { type AllowedWebhookHost } from './allowed-hosts';

/** Resolves a host name to every address it has (A and AAAA). */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** The guard stopped a delivery before any connection was made. */
export class WebhookRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookRefusedError';
  }
}

/**
 * Loopback, unspecified, private (RFC 1918, unique-local), shared/CGNAT, link-local (cloud metadata),
 * documentation, benchmarking, multicast and reserved ranges, and the IPv6 transition ranges that can embed
 * any of them. IPv4-mapped IPv6 addresses are checked as IPv4 by BlockList.
 */
const NON_PUBLIC: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001::', 32, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

export interface CheckedTarget {
  url: URL;
  /** The address to connect to: checked here, so DNS cannot change it between the check and the connection. */
  address: string;
  family: 4 | 6;
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

/**
 * The SSRF guard, used by the registry when a subscription names its URL and by the dispatcher at send time: https only (unless http is allowed), no credentials in the URL, and every
 * address the host resolves to on the public internet — unless WEBHOOK_ALLOWED_HOSTS names the host, the
 * address or its range. The sender connects to the address checked here and nowhere else.
 */
export class WebhookAddressGuard {
  private readonly nonPublic = new BlockList();
  private readonly allowedNetworks = new BlockList();
  private readonly allowedHosts = new Set<string>();

  constructor(
    allowed: readonly AllowedWebhookHost[],
    private readonly allowHttp: boolean,
    private readonly resolve: HostResolver = systemResolver,
  ) {
    for (const [address, prefix, family] of NON_PUBLIC) this.nonPublic.addSubnet(address, prefix, family);
    for (const entry of allowed) {
      if (entry.kind === 'host') this.allowedHosts.add(entry.host);
      else this.allowedNetworks.addSubnet(entry.address, entry.prefix, entry.family);
    }
  }

  /** @throws WebhookRefusedError naming the reason */
  async check(text: string): Promise<CheckedTarget> {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new WebhookRefusedError('the webhook URL is not a URL');
    }
    const scheme = url.protocol.replace(/:$/, '');
    if (scheme !== 'https' && !(scheme === 'http' && this.allowHttp)) {
      throw new WebhookRefusedError(`webhook URLs must use https, not ${scheme}`);
    }
    if (url.username !== '' || url.password !== '') {
      throw new WebhookRefusedError('webhook URLs must not carry credentials');
    }
    // URL keeps IPv6 literals in brackets and has already normalised forms such as 0x7f.1 or 2130706433.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const hostAllowed = this.allowedHosts.has(host);
    let addresses: string[];
    if (isIP(host) !== 0) {
      addresses = [host];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch (error) {
        throw new WebhookRefusedError(`host '${host}' does not resolve: ${(error as Error).message}`);
      }
      if (addresses.length === 0) throw new WebhookRefusedError(`host '${host}' does not resolve`);
    }
    if (!hostAllowed) {
      for (const address of addresses) {
        const family = familyOf(address);
        if (this.nonPublic.check(address, family) && !this.allowedNetworks.check(address, family)) {
          const via = address === host ? '' : ` (host '${host}' resolves to it)`;
          throw new WebhookRefusedError(
            `${address}${via} is a loopback, private, link-local or reserved address; ` +
              'refused unless WEBHOOK_ALLOWED_HOSTS permits it',
          );
        }
      }
    }
    const address = addresses[0] as string;
    return { url, address, family: isIP(address) === 6 ? 6 : 4 };
  }
}
