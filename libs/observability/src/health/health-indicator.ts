/** A dependency that `/health/ready` checks. `check` resolves when it is usable and throws when not. */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<void>;
}

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');
