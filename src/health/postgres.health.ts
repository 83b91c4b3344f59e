import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout';

@Injectable()
export class PostgresHealthIndicator {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async pingCheck(key: 'postgres', timeoutMs = 1500) {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.db.query('SELECT 1'), timeoutMs);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}
