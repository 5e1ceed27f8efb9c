import { formatCount } from '../common/formatCount.js';
import type { BenchResult, WarehouseScaleResult } from './benchResult.js';

/** The bench's results as tables for people; the same figures as the JSON. */
export function formatReport(result: BenchResult): string {
  const { machine, options } = result;
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title);
  const warehouseSection = (ws: WarehouseScaleResult, world: string) => {
    section(`${world}, ${ws.threads} threads, --memory-limit ${ws.memory_limit}, each build in its own process`);
    lines.push(
      table(
        ['', 'seconds', 'hb rows/s', 'cpu use', 'peak RSS'],
        [
          ['simulate', ws.simulate_seconds.toFixed(1), formatCount(ws.heartbeat_rows / ws.simulate_seconds), '', ''],
          ['full build', ws.seconds.toFixed(1), formatCount(ws.heartbeat_rows_per_s), `${ws.cpu_percent.toFixed(0)}%`, formatBytes(ws.peak_rss_bytes)],
          ['one-day append', ws.append.seconds.toFixed(1), '', '', ''],
        ],
      ),
      `  ${formatCount(ws.heartbeat_rows)} heartbeats; the build takes ${ws.build_to_simulate.toFixed(2)}× the simulate time of the same lake; ` +
        `slowest steps: ${ws.slowest.map((s) => `${s.step} ${s.seconds.toFixed(1)} s`).join(', ')}`,
      `  one-day append: ${(100 * ws.append.ratio_to_full_build).toFixed(0)}% of the full build, ${ws.append.heartbeat_partitions_digested} heartbeat partitions digested, ` +
        `${ws.append.partitions_redone} incremental model partitions redone`,
    );
  };
  lines.push(
    `Sprint bench${options.quick ? ' (--quick)' : ''}: ${machine.cores} cores (${machine.cpu}), ${formatBytes(machine.memoryBytes)} RAM, ` +
      `node ${machine.node}, DuckDB ${machine.duckdb}; load ${machine.loadAverage.start.toFixed(1)} at start, ${machine.loadAverage.end.toFixed(1)} at the end`,
    `world: ${options.players.toLocaleString('en-US')} players × ${options.days} days, block ${options.block_size.toLocaleString('en-US')}, ` +
      `--heartbeats all; ${options.repeat === 1 ? 'one run' : `fastest of ${options.repeat} runs`} per figure. ` +
      'Ratios are measured side by side; absolute rates are context.',
  );

  section('Sprint throughput: the whole path (simulate → Arrow → Parquet zstd → fsync), heartbeat rows/s');
  lines.push(
    table(
      ['threads', 'seconds', 'hb rows/s', 'per thread', 'efficiency', 'cpu use', 'rows/cpu-s', 'units', '1st unit s', 'peak RSS', 'worker peak'],
      result.heartbeats.scaling.map((point) => [
        String(point.threads),
        point.seconds.toFixed(1),
        formatCount(point.rows_per_s),
        formatCount(point.rows_per_s_per_thread),
        `${(point.efficiency * 100).toFixed(0)}%`,
        `${(point.cpu_use * 100).toFixed(0)}%`,
        formatCount(point.rows_per_cpu_s),
        String(point.units),
        point.first_unit_s.toFixed(1),
        formatBytes(point.peak_rss_bytes),
        formatBytes(point.worker_peak_bytes),
      ]),
    ),
  );
  const last = result.heartbeats.scaling.at(-1)!;
  lines.push(
    "  efficiency: rows/s ÷ (threads × one thread's rows/s). cpu use: CPU seconds of all the run's threads ÷ (threads × seconds), under 100% when",
    '  others hold the cores (over it: the main thread and GC help). rows/cpu-s: heartbeat rows per CPU-second, the cost of the code whatever ran beside it.',
    '  1st unit s: when the first unit finished, i.e. starting the pool plus one unit: the fixed cost inside "seconds" that a full-scale run amortises.',
  );
  if (Math.max(machine.loadAverage.start, machine.loadAverage.end) > machine.cores) {
    lines.push(`  the machine was busy (load above its ${machine.cores} cores): wall-clock figures are squeezed; the cpu-normalised ratios hold up better`);
  }

  section(`Per table, at ${last.threads} thread${last.threads === 1 ? '' : 's'}`);
  lines.push(
    table(
      ['table', 'rows', 'bytes/row', 'rows/s', 'per thread'],
      Object.entries(result.tables).map(([name, t]) => [name, formatCount(t.rows), t.bytes_per_row.toFixed(2), formatCount(t.rows_per_s), formatCount(t.rows_per_s_per_thread)]),
    ),
  );

  section('DuckDB yardstick: the same number of heartbeat-shaped rows generated in SQL, COPY … PARTITION_BY (date), zstd');
  lines.push(
    table(
      ['threads', 'seconds', 'rows/s', 'bytes/row', 'cpu use', 'rows/cpu-s', 'Sprint ÷ DuckDB', 'per cpu-s'],
      result.duckdb_native.by_threads.map((point) => [
        String(point.threads),
        point.seconds.toFixed(1),
        formatCount(point.rows_per_s),
        point.bytes_per_row.toFixed(2),
        `${(point.cpu_use * 100).toFixed(0)}%`,
        formatCount(point.rows_per_cpu_s),
        `${point.ratio.toFixed(2)}×`,
        `${point.cpu_ratio.toFixed(2)}×`,
      ]),
    ),
  );
  lines.push(`  Sprint's heartbeats: ${result.heartbeats.bytes_per_row.toFixed(2)} bytes/row against DuckDB's ${result.duckdb_native.bytes_per_row.toFixed(2)}`);

  section(`Close encounters: the warehouse's heartbeat digest (one thread, reading a heartbeat file) against comparing every pair (DuckDB on ${last.threads} threads), same positions`);
  lines.push(
    table(
      ['teams/session', 'sessions', 'centroids', 'close pairs', 'encounters', 'digest s', 'every pair s', 'speedup', 'identical'],
      result.encounters.map((e) =>
        e.error !== undefined
          ? [String(e.teams_per_session), `failed: ${e.error}`, '', '', '', '', '', '', 'no']
          : [
              String(e.teams_per_session),
              formatCount(e.sessions!),
              formatCount(e.centroids!),
              formatCount(e.close_pairs!),
              formatCount(e.encounters!),
              e.digest_s!.toFixed(2),
              e.all_pairs_s!.toFixed(2),
              `${e.speedup!.toFixed(1)}×`,
              e.identical ? 'yes' : 'NO',
            ],
      ),
    ),
  );

  section('Warehouse: a full build (lake checks, heartbeat digest, encounters, marts, data tests) over the lake above');
  const w = result.warehouse;
  if (w.heartbeat_rows_per_s === null) {
    lines.push(`  not measured: ${w.reason}`);
  } else {
    lines.push(
      `  ${formatCount(w.heartbeat_rows!)} heartbeats in ${w.seconds!.toFixed(1)} s on ${w.threads} threads: ${formatCount(w.heartbeat_rows_per_s)} heartbeat rows/s ` +
        `(digest and models ${w.model_seconds!.toFixed(1)} s: ${formatCount(w.models_heartbeat_rows_per_s!)} rows/s)`,
      `  slowest steps: ${w.slowest_models!.map((m) => `${m.model} ${m.seconds.toFixed(1)} s`).join(', ')}`,
    );
  }

  const sc = result.scale;
  section(`Scale case: ${sc.day_units} whole days of --players ${sc.players.toLocaleString('en-US')} --days ${sc.days} (--shard ${sc.shard}), ${sc.threads} threads, DuckDB on the same rows and threads`);
  lines.push(
    table(
      ['', 'seconds', 'hb rows/s', 'bytes/row', 'cpu use', 'peak RSS', 'Sprint ÷ DuckDB', 'per cpu-s'],
      [
        ['Sprint', sc.seconds.toFixed(1), formatCount(sc.heartbeat_rows_per_s), sc.heartbeat_bytes_per_row.toFixed(2), `${(100 * sc.cpu_use).toFixed(0)}%`, formatBytes(sc.peak_rss_bytes), `${sc.ratio.toFixed(2)}×`, `${sc.cpu_ratio.toFixed(2)}×`],
        ['DuckDB', sc.duckdb_seconds.toFixed(1), formatCount(sc.duckdb_rows_per_s), sc.duckdb_bytes_per_row.toFixed(2), '', '', '', ''],
      ],
    ),
    `  ${formatCount(sc.heartbeat_rows)} heartbeats in ${sc.files} files; heartbeat files median ${formatBytes(sc.heartbeat_file_bytes.median)}, largest ${formatBytes(sc.heartbeat_file_bytes.max)}; ` +
      `${(100 * sc.large_file_share).toFixed(0)}% of heartbeat bytes in files of 64 MB or more`,
    `  PROJECTION of the whole lake on ${sc.projection.threads} threads, not a measurement: ${formatCount(sc.projection.heartbeat_rows)} heartbeats, ${formatBytes(sc.projection.bytes)}, ` +
      `${sc.projection.files.toLocaleString('en-US')} files, about ${formatDuration(sc.projection.seconds)} (${formatDuration(sc.projection.seconds_at_full_cores)} if every thread had a core)`,
    ...sc.projection.assumptions.map((a) => `   - ${a}`),
  );

  const perDay = (ws: WarehouseScaleResult) => `${formatCount(ws.heartbeats_per_day)} heartbeats a day`;
  const fullScaleDay = sc.heartbeat_rows / sc.day_units;
  const dense = result.warehouse_scale;
  warehouseSection(dense, `Warehouse at scale: a complete dense world, --players ${dense.players.toLocaleString('en-US')} --days ${dense.days} (${perDay(dense)})`);
  const volume = result.warehouse_full_scale_days;
  warehouseSection(
    volume,
    `Warehouse at full-scale days: a complete world of --players ${volume.players.toLocaleString('en-US')} --days ${volume.days} (${perDay(volume)}; ` +
      `the scale case's full-scale days: ${formatCount(fullScaleDay)})`,
  );

  const p = result.projection;
  section(`PROJECTION, not a measurement: --players ${p.players.toLocaleString('en-US')} --days ${p.days} --threads ${p.threads}`);
  lines.push(
    `  ${formatCount(p.rows)} rows (${formatCount(p.heartbeat_rows)} heartbeats; ` +
      `${Object.entries(p.rows_by_table).filter(([t]) => t !== 'heartbeats').map(([t, n]) => `${t} ${formatCount(n)}`).join(', ')}), ` +
      `${formatBytes(p.bytes)} of Parquet`,
    `  wall time about ${formatDuration(p.seconds)} at the measured rates; about ${formatDuration(p.seconds_at_full_cores)} if every thread had a core to itself`,
    '  assumptions:',
    ...p.assumptions.map((a) => `   - ${a}`),
  );
  section('Targets of issues 4, 11 and 12 (wall-clock ones are at the mercy of a busy machine: read them with "cpu use" above)');
  lines.push(table(['target', 'this run', 'met'], result.targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'no'])));
  return `${lines.join('\n')}\n`;
}

/** Columns padded to their widest cell; the first column left-aligned, numbers right-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(2)} TB`;
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

function formatDuration(seconds: number): string {
  if (seconds >= 5400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 90) return `${(seconds / 60).toFixed(0)} min`;
  return `${seconds.toFixed(0)} s`;
}
