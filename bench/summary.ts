import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Entry {
  name: string;
  date: string;
  machine: { cpus: number; model: string; memoryGiB: number; node: string };
  command: string;
  [key: string]: unknown;
}

/** Rewrites BENCHMARKS.md from every JSON file under bench/results/. */
export function writeSummary(): void {
  const dir = 'bench/results';
  const entries = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Entry) : [];
  const lines = ['# Benchmarks', '', 'Measured numbers only; each section is rewritten by the command it names. Raw JSON under `bench/results/`.', ''];
  for (const entry of entries) {
    lines.push(`## ${entry.name}`, '', `- command: \`${entry.command}\``, `- date: ${entry.date}`, `- machine: ${entry.machine.cpus} × ${entry.machine.model}, ${entry.machine.memoryGiB} GiB, Node ${entry.machine.node}`, '', '```json', JSON.stringify({ ...entry, name: undefined, date: undefined, machine: undefined, command: undefined }, null, 2), '```', '');
  }
  writeFileSync('BENCHMARKS.md', `${lines.join('\n')}\n`);
}
