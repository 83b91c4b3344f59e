/**
 * The README's "Run it" commands, read from README.md itself so the compose test sends them word for word.
 *
 *   readme-commands.ts setup <README>                 prints the setup block's commands, one a line
 *   readme-commands.ts run <README> <cwd> [n ...]     runs the curl commands (all, or the n-th ones, from 1) in <cwd>
 *
 * Each curl command is followed in the README by the answer it gets, as `# ` comment lines where `…` stands for
 * anything; `run` checks every such line against a whole line of the output. GETs are sent again until they match
 * (the hire reaches the SIRH through the queue, a moment after the webhook's 202); a POST is sent once.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface ReadmeCommand {
  command: string;
  expected: string[];
}

const RETRY_TIMEOUT_MS = 90_000;

function runItSection(readme: string): string {
  const start = readme.indexOf('\n## Run it');
  if (start === -1) throw new Error('README.md has no "## Run it" section');
  const end = readme.indexOf('\n### ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

function codeBlocks(section: string): string[] {
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Commands of a block: backslash-continued lines joined as bash would read them; `# ` lines after one are its answer. */
function parseBlock(block: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  const lines = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      if (commands.length === 0) throw new Error(`README "Run it": comment before any command: ${line}`);
      commands[commands.length - 1].expected.push(line.replace(/^# ?/, ''));
      continue;
    }
    let command = line;
    while (command.endsWith('\\') && i + 1 < lines.length) command = `${command}\n${lines[++i]}`;
    commands.push({ command, expected: [] });
  }
  return commands;
}

export function readmeCommands(readme: string): { setup: string[]; curls: ReadmeCommand[] } {
  const blocks = codeBlocks(runItSection(readme)).map(parseBlock);
  const setup = blocks.find((cmds) => cmds.some((c) => /docker compose up/.test(c.command)));
  if (!setup) throw new Error('README "Run it" has no block with `docker compose up`');
  const curls = blocks.flat().filter((c) => c.command.startsWith('curl '));
  if (curls.length === 0) throw new Error('README "Run it" has no curl command');
  return { setup: setup.map((c) => c.command.replace(/\s+#.*$/, '')), curls };
}

function lineMatcher(expected: string): RegExp {
  const parts = expected.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

function unmatched(output: string, expected: string[]): string[] {
  const lines = output.split(/\r?\n/);
  return expected.filter((e) => !lines.some((l) => lineMatcher(e).test(l)));
}

function send(command: string, cwd: string): string {
  try {
    return execFileSync('bash', ['-c', command], { cwd, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}\n(command failed: ${e.message.split('\n')[0]})`;
  }
}

async function runCommand(n: number, { command, expected }: ReadmeCommand, cwd: string): Promise<boolean> {
  const once = /-X\s*POST|--data|\s-d\s/.test(command);
  const deadline = Date.now() + RETRY_TIMEOUT_MS;
  let output: string;
  let missing: string[];
  for (;;) {
    output = send(command, cwd);
    missing = unmatched(output, expected);
    if ((missing.length === 0 && output.trim() !== '') || once || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const ok = missing.length === 0 && output.trim() !== '';
  process.stdout.write(`--- README command ${n}: ${ok ? 'as documented' : 'NOT as documented'}\n$ ${command}\n${output.trimEnd()}\n`);
  for (const m of missing) process.stdout.write(`expected a line like: ${m}\n`);
  return ok;
}

async function main(argv: string[]): Promise<void> {
  const [mode, readmePath, cwd, ...picked] = argv;
  const { setup, curls } = readmeCommands(readFileSync(readmePath, 'utf8'));
  if (mode === 'setup') {
    process.stdout.write(`${setup.join('\n')}\n`);
    return;
  }
  if (mode !== 'run' || !cwd) throw new Error('usage: readme-commands.ts setup <README> | run <README> <cwd> [n ...]');
  const numbers = picked.length ? picked.map(Number) : curls.map((_, i) => i + 1);
  let ok = true;
  for (const n of numbers) {
    const command = curls[n - 1];
    if (!command) throw new Error(`README "Run it" has no curl command number ${n}`);
    ok = (await runCommand(n, command, cwd)) && ok;
  }
  if (!ok) process.exit(1);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
