import { Injectable } from '@nestjs/common';
import { type HealthIndicator } from '@app/observability';
import { DataSource } from 'typeorm';

@Injectable()
export class DatabaseHealthIndicator implements HealthIndicator {
  readonly name = 'postgres';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
