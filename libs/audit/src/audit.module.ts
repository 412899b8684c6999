import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';

/** Global: any module of an app that has PersistenceModule may append to the audit log. */
@Global()
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
