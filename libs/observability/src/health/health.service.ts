import { Inject, Injectable } from '@nestjs/common';
import { HEALTH_INDICATORS, type HealthIndicator } from './health-indicator';

export type CheckResult = { status: 'up' } | { status: 'down'; error: string };
export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
}

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class HealthService {
  constructor(@Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[]) {}

  async readiness(): Promise<Readiness> {
    const results = await Promise.all(
      this.indicators.map(async (indicator): Promise<[string, CheckResult]> => {
        try {
          await withTimeout(indicator.check(), CHECK_TIMEOUT_MS);
          return [indicator.name, { status: 'up' }];
        } catch (error) {
          return [
            indicator.name,
            { status: 'down', error: error instanceof Error ? error.message : String(error) },
          ];
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ok = results.every(([, result]) => result.status === 'up');
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
