import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { type AllowedWebhookHost } from '../../registry.config';
import { webhookRefused } from './subscriptions.errors';

/** Resolves a host name to every address it has (A and AAAA). */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Address ranges a webhook must not reach: loopback, private (RFC 1918, unique-local), link-local (and so
 * cloud metadata endpoints), shared/CGNAT, documentation, benchmarking, multicast, reserved, and the IPv6
 * transition ranges that can embed any of those. IPv4-mapped IPv6 addresses are checked as IPv4.
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

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

/**
 * Decides whether a subscriber's webhook URL may be called: HTTPS only, no credentials in the URL, and a
 * host that is — by its literal address or every address DNS gives for it — on the public internet,
 * unless WEBHOOK_ALLOWED_HOSTS permits it (a host name, an address or a range).
 *
 * This is the check at request time; DNS may change later (rebinding), so the dispatcher must check the
 * address it actually connects to as well.
 */
export class WebhookUrlPolicy {
  private readonly nonPublic = new BlockList();
  private readonly allowedNetworks = new BlockList();
  private readonly allowedHosts = new Set<string>();

  constructor(
    allowed: readonly AllowedWebhookHost[],
    private readonly resolve: HostResolver = systemResolver,
  ) {
    for (const [address, prefix, family] of NON_PUBLIC) this.nonPublic.addSubnet(address, prefix, family);
    for (const entry of allowed) {
      if (entry.kind === 'host') this.allowedHosts.add(entry.host);
      else this.allowedNetworks.addSubnet(entry.address, entry.prefix, entry.family);
    }
  }

  /** Resolves when the URL is acceptable; throws a 422 AppError naming the reason otherwise. */
  async check(text: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw webhookRefused('not a URL');
    }
    if (url.protocol !== 'https:')
      throw webhookRefused(`must use https, not ${url.protocol.replace(/:$/, '')}`);
    if (url.username !== '' || url.password !== '') {
      throw webhookRefused('must not carry credentials (user:password@); webhooks are signed instead');
    }
    // URL keeps IPv6 literals in brackets and has already normalised forms such as 0x7f.1 or 2130706433.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (this.allowedHosts.has(host)) return;
    let addresses: string[];
    if (isIP(host) !== 0) {
      addresses = [host];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch {
        throw webhookRefused(`host '${host}' does not resolve`);
      }
      if (addresses.length === 0) throw webhookRefused(`host '${host}' does not resolve`);
    }
    for (const address of addresses) {
      const family = familyOf(address);
      if (this.nonPublic.check(address, family) && !this.allowedNetworks.check(address, family)) {
        const via = address === host ? '' : ` (host '${host}' resolves to it)`;
        throw webhookRefused(
          `${address}${via} is a loopback, private, link-local or reserved address; ` +
            'only public hosts are called unless WEBHOOK_ALLOWED_HOSTS permits it',
        );
      }
    }
  }
}
