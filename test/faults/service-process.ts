import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Child } from './child-process';

const ROOT = join(__dirname, '..', '..');

/**
 * A private copy of the BUILT service (dist/) in `dir`/build: a rebuild in this clone, or a
 * `pkill -f dist/main.js` by someone testing their own copy on the same machine, cannot touch the
 * processes of this run. Dependencies still come from this clone's node_modules (NODE_PATH).
 */
export function snapshotBuild(dir: string): string {
  const build = join(dir, 'build');
  cpSync(join(ROOT, 'dist'), build, { recursive: true });
  if (!existsSync(join(build, 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  return build;
}

/** The built service (`node <build>/main.js`, as `npm run start:prod` runs dist/main.js) in the given role. */
export function startService(role: 'api' | 'worker', env: Record<string, string>, logDir: string, build: string, n = 1): Child {
  const name = `${role}#${n}`;
  return new Child(
    name,
    process.execPath,
    [join(build, 'main.js')],
    { PATH: process.env.PATH ?? '', NODE_PATH: join(ROOT, 'node_modules'), ...env, APP_ROLE: role },
    join(logDir, `${role}.log`),
  );
}
