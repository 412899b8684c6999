import { AuditLog } from '@app/audit';
import { StartupError } from '@app/core';
import { AuditEntryEntity, createDataSource } from '@app/persistence';

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Verifies the audit chain in the database at `databaseUrl` and writes the outcome to `out`: one line when
 * valid; when broken, the first broken entry as JSON. Returns the exit code: 0 valid, 1 broken.
 */
export async function verifyAuditChain(databaseUrl: string, out: (text: string) => void): Promise<number> {
  const dataSource = createDataSource(databaseUrl, {
    poolSize: 1,
    applicationName: 'penghubung-verify-audit',
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(
      `PostgreSQL at ${withoutPassword(databaseUrl)} is unreachable: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  try {
    const result = await new AuditLog(dataSource).verify();
    if (result.valid) {
      out(`audit log valid: ${result.entries} entries, head ${result.head}\n`);
      return 0;
    }
    out(
      `audit log BROKEN at entry ${result.brokenAt}: ${result.reason} ` +
        `(${result.entries} entries before it verified)\n`,
    );
    const entry = await dataSource.getRepository(AuditEntryEntity).findOneBy({ seq: result.brokenAt });
    if (entry) out(`first broken entry: ${JSON.stringify(entry)}\n`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}
