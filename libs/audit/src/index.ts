export * from './audit-hash';
export * from './audit-log.service';
export * from './audit.module';
export * from './record-facts';
