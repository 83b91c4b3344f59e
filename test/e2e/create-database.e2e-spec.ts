import { Client } from 'pg';
import { createDatabase } from '../../src/database/create-database';
import { uniqueName } from '../harness/database';
import { ADMIN_DATABASE_URL } from '../harness/local-services';

describe('db:create', () => {
  const role = uniqueName('hb_role');
  const database = uniqueName('hb_db');
  const url = new URL(ADMIN_DATABASE_URL);
  url.username = role;
  url.password = "it's-a-secret";
  url.pathname = `/${database}`;

  afterAll(async () => {
    const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  });

  it('creates the role and database of DATABASE_URL, then leaves them alone', async () => {
    expect(await createDatabase(url.toString(), ADMIN_DATABASE_URL)).toEqual({ role: 'created', database: 'created' });
    expect(await createDatabase(url.toString(), ADMIN_DATABASE_URL)).toEqual({ role: 'exists', database: 'exists' });

    const asRole = new Client({ connectionString: url.toString() });
    await asRole.connect();
    try {
      const { rows } = await asRole.query('SELECT current_user AS "user", current_database() AS db');
      expect(rows).toEqual([{ user: role, db: database }]);
      // The role owns its database, so migrations can create tables there.
      await asRole.query('CREATE TABLE t (id int)');
    } finally {
      await asRole.end();
    }
  });
});
