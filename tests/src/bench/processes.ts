import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU seconds (user + system) used so far by the machine's processes, summed by kind: our
 * gateway, Hive Gateway, each subgraph and worker (by the script a node process runs), FerretDB and
 * PostgreSQL. Linux /proc only; elsewhere empty.
 */
export function cpuByProcessKind(): Record<string, number> {
  const tick = 100; // USER_HZ on Linux
  const out: Record<string, number> = {};
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / tick;
      const kind =
        pid === String(process.pid)
          ? 'load generator'
          : /ferretdb/.test(cmd)
            ? 'FerretDB'
            : /^postgres/.test(cmd)
              ? 'PostgreSQL'
              : /hive-gateway/.test(cmd)
                ? 'Hive Gateway'
                : /gateway\/dist\/src\/index\.js/.test(cmd)
                  ? 'our gateway'
                  : (/services\/([a-z-]+)\/dist\/src\/index\.js/.exec(cmd)?.[1] ??
                    (/services\/[a-z-]+\/dist\/src\/\S*worker\S*\.js/.test(cmd) ? 'workers' : null));
      if (kind) out[kind] = (out[kind] ?? 0) + seconds;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
