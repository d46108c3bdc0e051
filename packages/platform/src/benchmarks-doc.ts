import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';

/**
 * Replaces the text between `<!-- key:begin -->` (or `<!-- key:start -->`) and `<!-- key:end -->`
 * in `doc`; when the markers are missing, appends `## heading` (if given) and the marked block.
 */
export function replaceMarkedBlock(doc: string, key: string, body: string, heading?: string): string {
  const end = `<!-- ${key}:end -->`;
  const begin = [`<!-- ${key}:begin -->`, `<!-- ${key}:start -->`].find((m) => doc.includes(m) && doc.indexOf(m) < doc.indexOf(end));
  if (!begin) return `${doc.trimEnd()}\n\n${heading ? `## ${heading}\n\n` : ''}<!-- ${key}:begin -->\n${body}\n${end}\n`;
  return `${doc.slice(0, doc.indexOf(begin) + begin.length)}\n${body}\n${doc.slice(doc.indexOf(end))}`;
}

/**
 * Rewrites one benchmark's section of docs/benchmarks.md (`file`); the other benchmarks' sections
 * stay as they are. Each benchmark owns its markers (B1, B3, B4, B5).
 */
export function writeBenchmarkSection(file: string, key: string, heading: string, body: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  writeFileSync(file, replaceMarkedBlock(doc, key, body, heading));
}

/** Lines naming the machine a benchmark ran on, for its section (load average at `loadAtStart` and now). */
export function machineLines(engine: string, loadAtStart: number): string[] {
  return [
    `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory; Node ${process.version}`,
    `- Load average (1 min): ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`,
    `- Engine: ${engine}`,
    `- Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ];
}

/** A benchmark section: its introduction, a `step | result` table of `rows`, and the machine it ran on. */
export function stepsSection(intro: string, rows: [string, string][], engine: string, loadAtStart: number): string {
  return [
    intro,
    '',
    '| step | result |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v.replaceAll('|', '\\|')} |`),
    '',
    ...machineLines(engine, loadAtStart),
  ].join('\n');
}
