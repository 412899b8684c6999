import 'reflect-metadata';
import { databaseEnv, loadConfig, runMain } from '@app/core';
import { verifyAuditChain } from './audit-verification';

/**
 * `node dist/apps/registry/src/cli/verify-audit.js`: walks the audit log's hash chain in DATABASE_URL.
 * Exit 0 when it is intact; 1 when it is broken (the first broken entry is printed) or unreachable.
 */
runMain('verify-audit', async () => {
  const config = loadConfig({ DATABASE_URL: databaseEnv.DATABASE_URL });
  process.exitCode = await verifyAuditChain(config.DATABASE_URL, (text) => process.stdout.write(text));
});
