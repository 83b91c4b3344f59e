import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Connection, ConnectionHealth } from './connection.entity';

/** What a connection row holds, as written by the service (credentials already encrypted). */
export interface ConnectionValues {
  name: string;
  provider: string;
  companyIds: string[];
  baseUrl: string | null;
  credentialsCiphertext: string | null;
  settings: Record<string, unknown>;
  requestsPerMinute: number | null;
  enabled: boolean;
}

/** A company another enabled connection already serves. */
export interface CompanyConflict {
  companyId: string;
  connectionId: string;
  connectionName: string;
}

/** Every statement on the connections table. */
@Injectable()
export class ConnectionsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Connection) private readonly rows: Repository<Connection>,
  ) {}

  list(): Promise<Connection[]> {
    return this.rows.find({ order: { name: 'ASC' } });
  }

  listEnabled(): Promise<Connection[]> {
    return this.rows.find({ where: { enabled: true }, order: { createdAt: 'ASC' } });
  }

  find(id: string): Promise<Connection | null> {
    return this.rows.findOne({ where: { id } });
  }

  findByName(name: string): Promise<Connection | null> {
    return this.rows.findOne({ where: { name } });
  }

  /**
   * Inserts or updates a connection unless one of its companies is served by another enabled
   * connection. Serialised by an advisory lock: two operators adding the same company at once get
   * one 201 and one 409, never two connections for one company.
   */
  async save(id: string | null, values: ConnectionValues): Promise<{ saved: Connection } | { conflicts: CompanyConflict[] } | null> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('hirebridge:connections'))`);
      if (values.enabled && values.companyIds.length > 0) {
        const conflicts = await this.conflicts(tx, id, values.companyIds);
        if (conflicts.length > 0) return { conflicts };
      }
      const repo = tx.getRepository(Connection);
      if (id === null) return { saved: await repo.save(repo.create(values)) };
      const existing = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!existing) return null;
      return { saved: await repo.save(Object.assign(existing, values)) };
    });
  }

  private async conflicts(tx: EntityManager, id: string | null, companyIds: string[]): Promise<CompanyConflict[]> {
    const rows: Array<{ company_id: string; id: string; name: string }> = await tx.query(
      `SELECT c.id, c.name, company_id
         FROM connections c, unnest(c.company_ids) AS company_id
        WHERE c.enabled AND ($1::uuid IS NULL OR c.id <> $1::uuid) AND company_id = ANY($2::text[])
        ORDER BY company_id`,
      [id, companyIds],
    );
    return rows.map((r) => ({ companyId: r.company_id, connectionId: r.id, connectionName: r.name }));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.rows.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /** Sets the health; answers the one it replaced (null when the connection is gone), so a change is noticed once. */
  async setHealth(id: string, health: ConnectionHealth, detail: string | null): Promise<ConnectionHealth | null> {
    const rows: Array<{ previous: ConnectionHealth }> = await this.db.query(
      // In a CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].
      `WITH prev AS (SELECT id, health FROM connections WHERE id = $1 FOR UPDATE),
       u AS (
         UPDATE connections c
            SET health = $2, health_detail = $3,
                health_changed_at = CASE WHEN prev.health = $2 THEN c.health_changed_at ELSE now() END
           FROM prev WHERE c.id = prev.id
         RETURNING prev.health AS previous)
       SELECT previous FROM u`,
      [id, health, detail],
    );
    return rows[0]?.previous ?? null;
  }

  /** A push went through: the credentials work. Answers the previous health. */
  async recordSuccess(id: string): Promise<ConnectionHealth | null> {
    const rows: Array<{ previous: ConnectionHealth }> = await this.db.query(
      `WITH prev AS (SELECT id, health FROM connections WHERE id = $1 FOR UPDATE),
       u AS (
         UPDATE connections c
            SET last_success_at = now(), health = 'ok',
                health_detail = CASE WHEN prev.health = 'ok' THEN c.health_detail ELSE NULL END,
                health_changed_at = CASE WHEN prev.health = 'ok' THEN c.health_changed_at ELSE now() END
           FROM prev WHERE c.id = prev.id
         RETURNING prev.health AS previous)
       SELECT previous FROM u`,
      [id],
    );
    return rows[0]?.previous ?? null;
  }

  /**
   * One catch-up from Flatchr's API ended: when, its error (null on success), where the next window
   * starts (`successAt`, only on success), hires it found that no webhook brought, and whether Flatchr
   * refused the key. Not the row's updated_at: the worker's copy of the connections stays valid.
   */
  async recordCatchUp(
    id: string,
    result: { at: Date; successAt: Date | null; error: string | null; foundWithoutWebhook: number; keyRefused: boolean | null },
  ): Promise<void> {
    await this.db.query(
      `UPDATE connections
          SET flatchr_last_catch_up_at = $2,
              flatchr_last_catch_up_success_at = COALESCE($3, flatchr_last_catch_up_success_at),
              flatchr_last_catch_up_error = $4,
              flatchr_found_without_webhook = flatchr_found_without_webhook + $5,
              flatchr_key_refused = COALESCE($6, flatchr_key_refused)
        WHERE id = $1`,
      [id, result.at, result.successAt, result.error, result.foundWithoutWebhook, result.keyRefused],
    );
  }

  /** Flatchr refused (true) or accepted (false) the connection's API key, outside a catch-up (backfill, write-back, referentials). */
  async setFlatchrKeyRefused(id: string, refused: boolean): Promise<void> {
    await this.db.query(`UPDATE connections SET flatchr_key_refused = $2 WHERE id = $1 AND flatchr_key_refused <> $2`, [id, refused]);
  }

  /** Rows whose credentials are stored, for the start-up key check and re-encryption after a rotation. */
  async storedCredentials(): Promise<Array<{ id: string; name: string; ciphertext: string }>> {
    const rows: Array<{ id: string; name: string; credentials_ciphertext: string }> = await this.db.query(
      `SELECT id, name, credentials_ciphertext FROM connections WHERE credentials_ciphertext IS NOT NULL ORDER BY name`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, ciphertext: r.credentials_ciphertext }));
  }

  async replaceCiphertext(id: string, from: string, to: string): Promise<void> {
    // Only if unchanged meanwhile: another process may have re-encrypted or an operator replaced the secrets.
    await this.db.query(`UPDATE connections SET credentials_ciphertext = $3 WHERE id = $1 AND credentials_ciphertext = $2`, [id, from, to]);
  }

  /** Change counter for the worker's in-memory copy: any insert, update or delete moves it. */
  async version(): Promise<string> {
    const [row] = await this.db.query(`SELECT count(*)::text || ':' || COALESCE(max(updated_at)::text, '') AS v FROM connections`);
    return row.v;
  }
}
