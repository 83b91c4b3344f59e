/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof` or bench/lib/cpu-profile-preload.js):
 * top functions by self time, self time per package, and inclusive ("total") time per function and
 * per package, as percentages of the busy (non-idle) time.
 *
 * CLI: npx ts-node --transpile-only bench/lib/profile-summary.ts file.cpuprofile [topN]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Ranked {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  idleMs: number;
  selfByFunction: Ranked[];
  selfByPackage: Ranked[];
  totalByFunction: Ranked[];
  totalByPackage: Ranked[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function packageOf(url: string, functionName: string): string {
  if (!url) return SPECIAL.has(functionName) ? functionName : '(native)';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (u.startsWith('node:') || !u.startsWith('/')) return 'node core';
  const built = builtPath(u);
  if (built !== null) return `hirebridge/${built.split('/')[0].replace(/\.js$/, '')}`;
  if (u.includes('/bench/')) return 'bench';
  return u;
}

function shortUrl(url: string): string {
  if (!url) return '';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + '/node_modules/'.length);
  const built = builtPath(u);
  if (built !== null) return `dist/${built}`;
  return u;
}

/** The path inside the service's build (dist/, or the bench's snapshot of it), or null. */
function builtPath(u: string): string | null {
  const m = /\/(?:dist|snapshot-[^/]+\/build)\/(.*)$/.exec(u);
  return m ? m[1] : null;
}

export function summarize(profile: CpuProfile, topN = 25): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const c of node.children ?? []) parent.set(c, node.id);
  }
  const keyOf = (node: ProfileNode) => {
    const cf = node.callFrame;
    const name = cf.functionName || '(anonymous)';
    return cf.url ? `${name} ${shortUrl(cf.url)}:${cf.lineNumber + 1}` : name;
  };
  const selfFn = new Map<string, number>();
  const selfPkg = new Map<string, number>();
  const inclFn = new Map<string, number>();
  const inclPkg = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = Math.max(0, timeDeltas[i] ?? 0) / 1000; // ms
    const node = byId.get(samples[i]);
    if (!node) continue;
    total += dt;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idle += dt;
      continue;
    }
    add(selfFn, keyOf(node), dt);
    add(selfPkg, packageOf(node.callFrame.url, name), dt);
    const seenFn = new Set<string>();
    const seenPkg = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(root)') break;
      const k = keyOf(n);
      if (!seenFn.has(k)) {
        seenFn.add(k);
        add(inclFn, k, dt);
      }
      const p = packageOf(n.callFrame.url, n.callFrame.functionName);
      if (!seenPkg.has(p)) {
        seenPkg.add(p);
        add(inclPkg, p, dt);
      }
    }
  }
  const busy = total - idle;
  const top = (m: Map<string, number>, n: number): Ranked[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), pct: busy > 0 ? Math.round((1000 * ms) / busy) / 10 : 0 }));
  return {
    wallMs: Math.round(total),
    busyMs: Math.round(busy),
    idleMs: Math.round(idle),
    selfByFunction: top(selfFn, topN),
    selfByPackage: top(selfPkg, 20),
    totalByFunction: top(inclFn, topN + 15),
    totalByPackage: top(inclPkg, 20),
  };
}

export function summarizeFile(file: string, topN?: number): ProfileSummary {
  return summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, topN);
}

export function toMarkdown(s: ProfileSummary, title: string): string {
  const table = (rows: Ranked[], head: string) =>
    [`| ${head} | ms | % of busy |`, '|---|---:|---:|', ...rows.map((r) => `| \`${r.name}\` | ${r.ms} | ${r.pct} |`)].join('\n');
  return [
    `#### ${title}`,
    `Sampled ${s.wallMs} ms, busy ${s.busyMs} ms, idle ${s.idleMs} ms.`,
    '',
    'Self time by package:',
    '',
    table(s.selfByPackage, 'package'),
    '',
    'Top functions by self time:',
    '',
    table(s.selfByFunction, 'function'),
    '',
    'Total (inclusive) time by package:',
    '',
    table(s.totalByPackage, 'package'),
    '',
    'Top functions by total (inclusive) time:',
    '',
    table(s.totalByFunction, 'function'),
    '',
  ].join('\n');
}

if (require.main === module) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: npx ts-node --transpile-only bench/lib/profile-summary.ts file.cpuprofile [topN]\n');
    process.exit(2);
  }
  process.stdout.write(toMarkdown(summarizeFile(file, Number(n ?? 25)), file));
}
