import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { testEnv } from '../support/env';

const ROOT = join(__dirname, '..', '..');
const MAINS = {
  registry: 'dist/apps/registry/src/main.js',
  gateway: 'dist/apps/gateway/src/main.js',
  router: 'dist/apps/router/src/main.js',
  dispatcher: 'dist/apps/dispatcher/src/main.js',
};

interface Exit {
  code: number | null;
  stderr: string;
  stdout: string;
}

/** Runs a built app as a real process until it exits (or fails the test after the timeout). */
function runApp(main: string, env: Record<string, string>, timeoutMs = 60_000): Promise<Exit> {
  const path = join(ROOT, main);
  if (!existsSync(path)) throw new Error(`${main} is missing: run 'npm run build' (npm test does it)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path], {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${main} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('start-up failures are clear and bounded', () => {
  it.each(Object.entries(MAINS))(
    '%s refuses invalid configuration with one line per bad variable',
    async (_name, main) => {
      const result = await runApp(
        main,
        testEnv({ KAFKA_BROKERS: 'not a broker', LOG_LEVEL: 'loud', HTTP_BODY_LIMIT: 'huge' }),
      );
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/config: HTTP_BODY_LIMIT: expected a size in bytes.*got 'huge'/),
        expect.stringMatching(/config: LOG_LEVEL: expected one of error, warn, info, debug; got 'loud'/),
        expect.stringMatching(
          /config: KAFKA_BROKERS: expected a comma-separated list of host:port; 'not a broker' is not host:port/,
        ),
      ]);
    },
  );

  it('names the invalid port variable', async () => {
    const result = await runApp(MAINS.registry, testEnv({ REGISTRY_PORT: '70000' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("REGISTRY_PORT: expected a TCP port from 0 to 65535; got '70000'");
  });

  it('gives up on an unreachable Kafka after bounded retries, naming the brokers', async () => {
    const result = await runApp(
      MAINS.router,
      testEnv({
        KAFKA_BROKERS: '127.0.0.1:1',
        KAFKA_CONNECT_TIMEOUT_MS: '2000',
        ROUTER_PORT: '0',
        LOG_LEVEL: 'warn',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot start: Kafka at 127.0.0.1:1 is unreachable after 2000 ms');
    expect(result.stdout).toContain('not reachable (attempt 1');
  });

  it('gives up on an unreachable PostgreSQL after bounded retries, without printing the password', async () => {
    const result = await runApp(
      MAINS.dispatcher,
      testEnv({
        DATABASE_URL: 'postgres://penghubung:hunter2-secret@127.0.0.1:1/penghubung',
        DATABASE_CONNECT_TIMEOUT_MS: '2000',
        DISPATCHER_PORT: '0',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'cannot start: PostgreSQL at postgres://penghubung:***@127.0.0.1:1/penghubung is unreachable',
    );
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });

  it('says which port is taken and which variable to change', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runApp(MAINS.gateway, testEnv({ GATEWAY_PORT: String(port) }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `port 127.0.0.1:${port} is already in use: stop the other process or set GATEWAY_PORT`,
      );
    } finally {
      blocker.close();
    }
  });
});
