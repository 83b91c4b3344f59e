import { builtinModules } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The image keeps production dependencies only (`npm prune --omit=dev`): a package the service
 * imports at run time but listed as a devDependency works in every test and fails in the image.
 */
describe('runtime dependencies', () => {
  it('lists every package the service imports under dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const missing = new Set<string>();
    for (const file of sources(join(ROOT, 'src'))) {
      // Type-only imports leave nothing behind in the build.
      const text = readFileSync(file, 'utf8').replace(/^import type .*$/gm, '');
      for (const [, spec] of text.matchAll(/from '([^'.][^']*)'/g)) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (spec.startsWith('node:') || builtinModules.includes(name)) continue;
        if (!(name in pkg.dependencies)) missing.add(`${name} (${file.slice(ROOT.length + 1)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
