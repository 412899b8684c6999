import { AppError } from '@app/core';

/**
 * The few calls the router makes to the registry's Confluent API. Failures are retriable: the batch that
 * needed the answer is processed again.
 */
export class RegistryClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined,
  ) {}

  /** Registers (or finds) a schema under a subject; returns its global id. */
  async register(subject: string, schema: string): Promise<number> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/subjects/${encodeURIComponent(subject)}/versions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/vnd.schemaregistry.v1+json',
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        },
        body: JSON.stringify({ schema }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw AppError.dependencyUnavailable(`registry at ${this.baseUrl} unreachable`, error);
    }
    const body = (await response.json().catch(() => ({}))) as { id?: unknown; message?: unknown };
    if (!response.ok || typeof body.id !== 'number') {
      throw AppError.dependencyUnavailable(
        `registry refused ${subject}: HTTP ${response.status} ${typeof body.message === 'string' ? body.message : ''}`,
      );
    }
    return body.id;
  }
}
