import { type EnvVar, InvalidEnvValue } from '@app/core';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `0s`, `200ms`, `5m`, `2h`, `1d` (a bare number is milliseconds) → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match?.[1]) throw new InvalidEnvValue(`'${text}' is not a duration such as 0s, 200ms, 5m, 2h`);
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
      throw new InvalidEnvValue(`'${raw}' is not 1 to 50 comma-separated durations`);
    }
    return items.map(parseDuration);
  };
  return {
    expects: 'comma-separated durations (e.g. 0s,5s,5m,30m,2h): the delay before each attempt',
    defaultText: fallback,
    parse: (raw) => parse(raw === undefined || raw.trim() === '' ? fallback : raw),
  };
}

/** A regular expression matched against whole agency ids. */
export const agencyPattern: EnvVar<RegExp> = {
  expects: 'a regular expression matching whole agency ids',
  defaultText: '.*',
  parse(raw) {
    const text = raw === undefined || raw.trim() === '' ? '.*' : raw.trim();
    try {
      return new RegExp(`^(?:${text})$`);
    } catch (error) {
      throw new InvalidEnvValue(`'${text}' is not a regular expression: ${(error as Error).message}`);
    }
  },
};
