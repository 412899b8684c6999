import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { KafkaTls } from './kafka-tls';

/**
 * Per-principal Kafka client quotas (KIP-546: AlterClientQuotas, DescribeClientQuotas), which kafkajs
 * does not implement. Two requests, version 0 of each, written by hand over one connection to a
 * bootstrap broker (in KRaft the broker forwards them to the controller). Only user-principal quotas
 * are modelled: that is how the catalogue's agencies (each credential a principal) are throttled.
 */

/** The quota keys Penghubung sets; a value of undefined removes the key. */
export interface ClientQuota {
  producerByteRate?: number;
  consumerByteRate?: number;
}

/** A principal's quota; principal undefined = the default for every user without one of its own. */
export interface PrincipalQuota {
  principal: string | undefined;
  quota: ClientQuota;
}

const ALTER_CLIENT_QUOTAS = 49;
const DESCRIBE_CLIENT_QUOTAS = 48;
const KEYS: Record<keyof ClientQuota, string> = {
  producerByteRate: 'producer_byte_rate',
  consumerByteRate: 'consumer_byte_rate',
};

export class ClientQuotaError extends Error {
  constructor(
    message: string,
    readonly errorCode: number,
  ) {
    super(message);
    this.name = 'ClientQuotaError';
  }
}

/** Kafka protocol primitives (non-flexible versions): big-endian, int16-length strings, int32-count arrays. */
class Writer {
  private readonly parts: Buffer[] = [];
  int8(value: number): this {
    const buffer = Buffer.alloc(1);
    buffer.writeInt8(value);
    this.parts.push(buffer);
    return this;
  }
  int16(value: number): this {
    const buffer = Buffer.alloc(2);
    buffer.writeInt16BE(value);
    this.parts.push(buffer);
    return this;
  }
  int32(value: number): this {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32BE(value);
    this.parts.push(buffer);
    return this;
  }
  float64(value: number): this {
    const buffer = Buffer.alloc(8);
    buffer.writeDoubleBE(value);
    this.parts.push(buffer);
    return this;
  }
  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }
  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    this.int16(bytes.length);
    this.parts.push(bytes);
    return this;
  }
  array<T>(items: readonly T[], write: (item: T) => unknown): this {
    this.int32(items.length);
    for (const item of items) write(item);
    return this;
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  int8(): number {
    return this.buffer.readInt8(this.advance(1));
  }
  int16(): number {
    return this.buffer.readInt16BE(this.advance(2));
  }
  int32(): number {
    return this.buffer.readInt32BE(this.advance(4));
  }
  float64(): number {
    return this.buffer.readDoubleBE(this.advance(8));
  }
  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const start = this.advance(length);
    return this.buffer.toString('utf8', start, start + length);
  }
  array<T>(read: () => T): T[] | null {
    const count = this.int32();
    if (count < 0) return null;
    return Array.from({ length: count }, read);
  }
  private advance(bytes: number): number {
    const at = this.offset;
    if (at + bytes > this.buffer.length) throw new Error('truncated Kafka response');
    this.offset += bytes;
    return at;
  }
}

/** The request body of AlterClientQuotas v0 (exported for its unit test). */
export function encodeAlterClientQuotas(entries: readonly PrincipalQuota[]): Buffer {
  const writer = new Writer();
  writer.array(entries, ({ principal, quota }) => {
    writer.array([principal ?? null], (name) => writer.string('user').string(name));
    const ops = (Object.keys(KEYS) as (keyof ClientQuota)[])
      .filter((key) => key in quota)
      .map((key) => ({ key: KEYS[key], value: quota[key] }));
    writer.array(ops, ({ key, value }) =>
      writer
        .string(key)
        .float64(value ?? 0)
        .bool(value === undefined),
    );
  });
  return writer.bool(false).build();
}

/**
 * One short-lived connection per call: quota changes are rare control-plane work, and a connection of
 * its own keeps this out of kafkajs's pools.
 */
export class ClientQuotas {
  private correlationId = 0;

  constructor(
    private readonly options: { brokers: string[]; clientId: string; tls?: KafkaTls; timeoutMs?: number },
  ) {}

  /** Sets or removes quota keys; throws a ClientQuotaError naming the first entry the broker refused. */
  async alter(entries: readonly PrincipalQuota[]): Promise<void> {
    if (entries.length === 0) return;
    const response = await this.request(ALTER_CLIENT_QUOTAS, encodeAlterClientQuotas(entries));
    response.int32(); // throttle time
    const results =
      response.array(() => {
        const errorCode = response.int16();
        const errorMessage = response.string();
        const entity = response.array(() => ({ type: response.string(), name: response.string() }));
        return { errorCode, errorMessage, entity };
      }) ?? [];
    const failed = results.find((result) => result.errorCode !== 0);
    if (failed) {
      const who = failed.entity?.[0]?.name ?? '<default>';
      throw new ClientQuotaError(
        `Kafka refused the quota of ${who}: ${failed.errorMessage ?? `error code ${failed.errorCode}`}`,
        failed.errorCode,
      );
    }
  }

  /** Every user-principal quota the cluster has (the default as principal undefined). */
  async describe(): Promise<PrincipalQuota[]> {
    // One component: entity type user, match type 2 (any name, the default included); not strict.
    const filter = new Writer();
    filter.array(['user'], (type) => filter.string(type).int8(2).string(null)).bool(false);
    const response = await this.request(DESCRIBE_CLIENT_QUOTAS, filter.build());
    response.int32(); // throttle time
    const errorCode = response.int16();
    const errorMessage = response.string();
    if (errorCode !== 0)
      throw new ClientQuotaError(
        `Kafka refused to describe quotas: ${errorMessage ?? `error code ${errorCode}`}`,
        errorCode,
      );
    const entries =
      response.array(() => {
        const entity = response.array(() => ({ type: response.string(), name: response.string() })) ?? [];
        const values = response.array(() => ({ key: response.string(), value: response.float64() })) ?? [];
        const quota: ClientQuota = {};
        for (const { key, value } of values) {
          if (key === KEYS.producerByteRate) quota.producerByteRate = value;
          if (key === KEYS.consumerByteRate) quota.consumerByteRate = value;
        }
        const user = entity.find((component) => component.type === 'user');
        return { principal: user?.name ?? undefined, quota };
      }) ?? [];
    return entries;
  }

  private async request(apiKey: number, body: Buffer): Promise<Reader> {
    const correlationId = (this.correlationId = (this.correlationId + 1) % 0x7fffffff);
    const header = new Writer()
      .int16(apiKey)
      .int16(0)
      .int32(correlationId)
      .string(this.options.clientId)
      .build();
    const payload = Buffer.concat([header, body]);
    const frame = Buffer.concat([new Writer().int32(payload.length).build(), payload]);
    const reply = await this.exchange(frame);
    const reader = new Reader(reply);
    if (reader.int32() !== correlationId) throw new Error('Kafka answered another request');
    return reader;
  }

  private exchange(frame: Buffer): Promise<Buffer> {
    const broker = this.options.brokers[0];
    if (!broker) return Promise.reject(new Error('no Kafka broker configured'));
    const separator = broker.lastIndexOf(':');
    const host = broker.slice(0, separator).replace(/^\[|\]$/g, '');
    const port = Number(broker.slice(separator + 1));
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const tls = this.options.tls;
      const socket: Socket = tls
        ? connectTls({
            host,
            port,
            ca: [tls.ca],
            cert: tls.cert,
            key: tls.key,
            // SNI carries host names only; an IP address is checked against the certificate's IP SANs.
            ...(isIP(host) ? {} : { servername: host }),
          })
        : connectTcp({ host, port });
      const chunks: Buffer[] = [];
      let received = 0;
      const fail = (error: Error): void => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(timeoutMs, () =>
        fail(new Error(`no answer from Kafka at ${broker} within ${timeoutMs} ms`)),
      );
      socket.once('error', fail);
      socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(frame));
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received < 4) return;
        const all = Buffer.concat(chunks);
        const size = all.readInt32BE(0);
        if (all.length < 4 + size) return;
        socket.end();
        resolve(all.subarray(4, 4 + size));
      });
      socket.once('close', () => {
        if (received === 0) reject(new Error(`Kafka at ${broker} closed the connection without an answer`));
      });
    });
  }
}
