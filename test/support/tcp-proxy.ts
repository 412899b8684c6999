import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';

/** What happens to connections opened while the proxy is cut. */
export type CutMode =
  /** Accepted and reset at once: the client sees the server refuse (like a stopped PostgreSQL). */
  | 'refuse'
  /** Accepted and left silent until `restore` (like a network that drops packets): the client times out. */
  | 'hold';

/**
 * A real TCP proxy in front of one server (PostgreSQL in the outage tests), so that a test can take the
 * server away from one process without stopping it for everybody else. `cut` destroys every live
 * connection and refuses or holds new ones; `restore` lets connections through again (held ones are then
 * connected to the server as if the network had come back).
 */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private readonly held = new Set<Socket>();
  private cutMode: CutMode | undefined;
  /** Connections opened since the last `cut` (refused or held): proves the client kept trying. */
  attemptsWhileCut = 0;
  /** Connections forwarded to the server since the proxy started. */
  forwarded = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    const server = createServer((client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.server = server;
    return proxy;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  get isCut(): boolean {
    return this.cutMode !== undefined;
  }

  /** Connections currently forwarded. */
  get liveConnections(): number {
    return this.pairs.size;
  }

  /** The server is gone: every live connection is destroyed, new ones are refused or held. */
  cut(mode: CutMode): void {
    this.cutMode = mode;
    this.attemptsWhileCut = 0;
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  /** The server is back: new connections go through, held ones are connected now. */
  restore(): void {
    this.cutMode = undefined;
    const held = [...this.held];
    this.held.clear();
    for (const client of held) if (!client.destroyed) this.forward(client);
  }

  async close(): Promise<void> {
    this.cut('refuse');
    for (const client of this.held) client.destroy();
    this.held.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => client.destroy());
    if (this.cutMode === undefined) {
      this.forward(client);
      return;
    }
    this.attemptsWhileCut++;
    if (this.cutMode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    // Nothing is read or answered: the client's bytes wait in the socket until `restore` or its timeout.
    client.pause();
    this.held.add(client);
    client.once('close', () => this.held.delete(client));
  }

  private forward(client: Socket): void {
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    const pair = { client, upstream };
    this.pairs.add(pair);
    this.forwarded++;
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    upstream.on('close', drop);
    client.on('error', drop);
    client.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  }
}

/** A TCP port free on 127.0.0.1 right now (for a child process that must listen where the test looks). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
