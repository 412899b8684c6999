import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A built app running as a real OS process, so that tests can SIGKILL it. */
export class AppProcess {
  private child?: ChildProcess;
  private output = '';
  private exited?: Promise<number | null>;

  constructor(
    private readonly main: string,
    private readonly env: Record<string, string>,
  ) {
    if (!existsSync(join(ROOT, main)))
      throw new Error(`${main} is missing: run 'npm run build' (npm test does it)`);
  }

  start(): void {
    const child = spawn(process.execPath, [join(ROOT, this.main)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
  }

  /** Started and not exited (a crash shows as false). */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything the process printed so far (for failure messages). */
  get log(): string {
    return this.output;
  }

  /** No goodbye: the process gets no chance to flush, commit or close anything. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
