import { ConfigError, loadConfig } from '@app/core';
import { dispatcherConfigSpec } from './dispatcher.config';

function problems(source: Record<string, string>): readonly string[] {
  try {
    loadConfig(dispatcherConfigSpec, source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('dispatcher configuration: outbox purge', () => {
  it('keeps settled deliveries for 7 days by default, purging every 10 minutes in batches of 1 000', () => {
    const config = loadConfig(dispatcherConfigSpec, {});
    expect(config.DELIVERY_RETENTION_MS).toBe(7 * 86_400_000);
    expect(config.DELIVERY_PURGE_INTERVAL_MS).toBe(600_000);
    expect(config.DELIVERY_PURGE_BATCH).toBe(1_000);
  });

  it('takes other values, and 0 turns the purge off', () => {
    const config = loadConfig(dispatcherConfigSpec, {
      DELIVERY_RETENTION_MS: '3600000',
      DELIVERY_PURGE_INTERVAL_MS: '0',
      DELIVERY_PURGE_BATCH: '50',
    });
    expect([
      config.DELIVERY_RETENTION_MS,
      config.DELIVERY_PURGE_INTERVAL_MS,
      config.DELIVERY_PURGE_BATCH,
    ]).toEqual([3_600_000, 0, 50]);
  });

  it('refuses a retention under a minute, a unit it does not know and an empty batch, one line each', () => {
    expect(
      problems({
        DELIVERY_RETENTION_MS: '1000',
        DELIVERY_PURGE_INTERVAL_MS: '7d',
        DELIVERY_PURGE_BATCH: '0',
      }),
    ).toEqual([
      'DELIVERY_RETENTION_MS: expected an integer from 60000 to 315360000000; got 1000',
      "DELIVERY_PURGE_INTERVAL_MS: expected an integer from 0 to 86400000; got '7d'",
      'DELIVERY_PURGE_BATCH: expected an integer from 1 to 100000; got 0',
    ]);
  });
});
