import { join } from 'node:path';
import { Child } from './child-process';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** The BUILT service (`node dist/main.js`, as `npm run start:prod` runs it) in the given role. */
export function startService(role: 'api' | 'worker', env: Record<string, string>, logDir: string, n = 1): Child {
  const name = `${role}#${n}`;
  return new Child(
    name,
    process.execPath,
    [MAIN],
    { PATH: process.env.PATH ?? '', ...env, APP_ROLE: role },
    join(logDir, `${role}.log`),
  );
}
