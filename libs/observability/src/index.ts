export * from './health/health-indicator';
export * from './health/health.service';
export * from './metrics/metrics.service';
export * from './observability.module';
