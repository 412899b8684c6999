export const PULL_OPTIONS = Symbol('PULL_OPTIONS');

export interface PullOptions {
  visibilityTimeoutMs: number;
  pollIntervalMs: number;
}

export const PULL_MAX_RECORDS = 1_000;
export const PULL_MAX_WAIT_MS = 30_000;
