import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { genericTests } from '../warehouse/dataTests.js';
import { affectedKeys, changedPartitions, datesOfKey } from '../warehouse/lakeChanges.js';
import type { LakeFile } from '../warehouse/lakeFiles.js';
import { fingerprintModels } from '../warehouse/modelFingerprint.js';
import { digestBundle, digestFingerprints } from '../warehouse/heartbeatDigest/updateHeartbeatDigest.js';
import { loadModels } from '../warehouse/modelGraph.js';
import { renderSql } from '../warehouse/renderSql.js';
import { removeFolder, temporaryFolder } from './helpers/lake.js';

// The small model runner's rules, without a lake: how model files are read and ordered, how
// placeholders render, which partitions a change touches, and what the shipped models declare.

describe('model files', () => {
  let dir: string;
  const write = (schema: string, name: string, text: string) => {
    fs.mkdirSync(path.join(dir, schema), { recursive: true });
    fs.writeFileSync(path.join(dir, schema, `${name}.sql`), text);
  };

  beforeEach(() => {
    dir = temporaryFolder('warehouse-models');
  });
  afterEach(() => removeFolder(dir));

  it('orders each model after the models it refers to, whatever their folders', () => {
    write('sprint_mart', 'a_mart', "-- materialized: table\nselect * from {{ ref('z_stage') }}");
    write('sprint_stage', 'z_stage', "-- materialized: view\nselect * from {{ ref('b_dim') }}");
    write('sprint_dim', 'b_dim', '-- materialized: table\nselect 1 as x');
    expect(loadModels(dir).map((model) => model.name)).toEqual(['b_dim', 'z_stage', 'a_mart']);
  });

  it('refuses models that refer to each other in a cycle, naming the cycle', () => {
    write('sprint_stage', 'first', "select * from {{ ref('second') }}");
    write('sprint_stage', 'second', "select * from {{ ref('first') }}");
    expect(() => loadModels(dir)).toThrow('models refer to each other in a cycle: first -> second -> first');
  });

  it('refuses a reference to a model that does not exist, naming the file', () => {
    write('sprint_mart', 'orphan', "select * from {{ ref('missing') }}");
    expect(() => loadModels(dir)).toThrow(/orphan\.sql refers to unknown model "missing"/);
  });

  it('refuses an incremental model that does not filter by its partition', () => {
    write('sprint_stage', 'unfiltered', "-- materialized: incremental\n-- partition_by: partition_date\nselect 1 from {{ source('sprint_raw', 'event_session') }}");
    expect(() => loadModels(dir)).toThrow(/an incremental model must filter its inputs with \{\{ partitions \}\}/);
  });

  it('refuses a hand-kept source_partitions line, which the refs and sources now decide', () => {
    write('sprint_stage', 'old', "-- materialized: incremental\n-- partition_by: partition_date\n-- source_partitions: sessions\nselect 1 from {{ source('sprint_raw', 'event_session') }} where partition_date in {{ partitions }}");
    expect(() => loadModels(dir)).toThrow(/source_partitions is derived from the source\(\) and ref\(\) calls/);
  });

  it('takes partition_by on a view over a digest table only, whose partitions are the digest\'s', () => {
    write('sprint_stage', 'beats_view', "-- materialized: view\n-- partition_by: partition_date\nselect * from {{ source('sprint_digest', 'session_beats') }}");
    expect(loadModels(dir).find((model) => model.name === 'beats_view')!.partitionBy).toBe('partition_date');
    write('sprint_stage', 'sessions_view', "-- materialized: view\n-- partition_by: partition_date\nselect * from {{ source('sprint_raw', 'event_session') }}");
    expect(() => loadModels(dir)).toThrow(/sessions_view\.sql.*partition_by on a view is for a view over one digest table only/);
    fs.rmSync(path.join(dir, 'sprint_stage', 'sessions_view.sql'));
    write('sprint_stage', 'joined_view', "-- materialized: view\n-- partition_by: partition_date\nselect * from {{ source('sprint_digest', 'session_beats') }} join {{ ref('beats_view') }} using (partition_date)");
    expect(() => loadModels(dir)).toThrow(/joined_view\.sql.*partition_by on a view is for a view over one digest table only/);
    fs.rmSync(path.join(dir, 'sprint_stage', 'joined_view.sql'));
    write('sprint_stage', 'both_digests', "-- materialized: view\n-- partition_by: partition_date\nselect * from {{ source('sprint_digest', 'session_beats') }} join {{ source('sprint_digest', 'close_ticks') }} using (partition_date)");
    expect(() => loadModels(dir)).toThrow(/both_digests\.sql.*partition_by on a view is for a view over one digest table only/);
  });

  it('takes unique_key on an incremental model that reads events only through models patched by partition', () => {
    const tested = "-- test not_null: player_id\n-- test unique: player_id\n";
    write('sprint_stage', 'daily', "-- materialized: incremental\n-- partition_by: d\nselect * from {{ source('sprint_raw', 'event_session') }} where d in {{ partitions }}");
    write('sprint_dim', 'people', "-- materialized: table\nselect * from {{ source('sprint_raw', 'players') }}");
    write('sprint_mart', 'lifetime', `-- materialized: incremental\n-- unique_key: player_id\n${tested}select * from {{ ref('daily') }} join {{ ref('people') }} using (player_id) where {{ is_redone_key('player_id') }}`);
    expect(loadModels(dir).find((model) => model.name === 'lifetime')).toMatchObject({ uniqueKey: 'player_id', partitionBy: null, sourcePartitions: ['sessions'] });

    // A model rebuilt whole, a raw view of events: they change rows without saying which keys.
    write('sprint_stage', 'rebuilt', "-- materialized: table\nselect * from {{ source('sprint_raw', 'event_session') }}");
    write('sprint_mart', 'lifetime', `-- materialized: incremental\n-- unique_key: player_id\n${tested}select * from {{ ref('rebuilt') }} where {{ is_redone_key('player_id') }}`);
    expect(() => loadModels(dir)).toThrow(/lifetime\.sql: a model with unique_key reads events only through incremental models with partition_by, and rebuilt is not one/);
    write('sprint_mart', 'lifetime', `-- materialized: incremental\n-- unique_key: player_id\n${tested}select * from {{ source('sprint_raw', 'event_session') }} where {{ is_redone_key('player_id') }}`);
    expect(() => loadModels(dir)).toThrow(/lifetime\.sql: a model with unique_key reads events only through incremental models with partition_by, not source\('event_session'\)/);
  });

  it('refuses a unique_key model that does not filter by its keys, or does not test them unique and not null', () => {
    write('sprint_mart', 'keyed', "-- materialized: incremental\n-- unique_key: player_id\n-- test not_null: player_id\n-- test unique: player_id\nselect 1 as player_id");
    expect(() => loadModels(dir)).toThrow(/keyed\.sql: a model with unique_key must filter its inputs with \{\{ is_redone_key\('player_id'\) \}\}/);
    write('sprint_mart', 'keyed', "-- materialized: incremental\n-- unique_key: player_id\n-- test unique: player_id, day\n-- test not_null: player_id\nselect 1 as player_id where {{ is_redone_key('player_id') }}");
    expect(() => loadModels(dir)).toThrow(/must declare "-- test unique: player_id" and "-- test not_null: player_id"/);
    write('sprint_mart', 'keyed', "-- materialized: incremental\n-- unique_key: player_id\n-- partition_by: d\nselect 1 as player_id where d in {{ partitions }}");
    expect(() => loadModels(dir)).toThrow(/unique_key is for an incremental model without partition_by/);
    write('sprint_mart', 'keyed', "-- materialized: incremental\nselect 1 as player_id");
    expect(() => loadModels(dir)).toThrow(/an incremental model needs partition_by or unique_key/);
  });

  it('derives the lake tables an incremental model follows from its sources and, through refs, theirs', () => {
    write('sprint_stage', 'beats', "-- materialized: incremental\n-- partition_by: partition_date\nselect * from {{ source('sprint_raw', 'event_heartbeat') }} where partition_date in {{ partitions }}");
    write('sprint_stage', 'plays', "-- materialized: view\nselect * from {{ source('sprint_raw', 'event_session') }}, {{ source('sprint_raw', 'players') }}");
    write('sprint_mart', 'both', "-- materialized: incremental\n-- partition_by: d\nselect * from {{ ref('beats') }}, {{ ref('plays') }} where d in {{ partitions }}");
    const byName = new Map(loadModels(dir).map((model) => [model.name, model]));
    expect(byName.get('beats')!.sourcePartitions).toEqual(['heartbeats']);
    expect(byName.get('plays')!.sourcePartitions).toEqual(['sessions']);
    expect(byName.get('both')!.sourcePartitions).toEqual(['sessions', 'heartbeats']);
  });

  it('reads materialization, partitioning and declared tests from the header', () => {
    write(
      'sprint_stage',
      'daily',
      [
        '-- One row per day.',
        '-- materialized: incremental',
        '-- partition_by: calendar_date',
        '-- lookahead_days: 1',
        '-- partitions_per_statement: 7',
        '-- test not_null: a, b',
        "-- test accepted_values: mode in ('x', 'y')",
        "select 1 as a from {{ source('sprint_raw', 'event_session') }}, {{ source('sprint_raw', 'event_heartbeat') }} where calendar_date in {{ partitions }}",
      ].join('\n'),
    );
    const [model] = loadModels(dir);
    expect(model).toMatchObject({
      description: 'One row per day.',
      schema: 'sprint_stage',
      materialized: 'incremental',
      partitionBy: 'calendar_date',
      sourcePartitions: ['sessions', 'heartbeats'],
      lookaheadDays: 1,
      partitionsPerStatement: 7,
      tests: [
        { kind: 'not_null', args: 'a, b' },
        { kind: 'accepted_values', args: "mode in ('x', 'y')" },
      ],
    });
    const relations = new Map([['daily', 'sprint_stage.daily']]);
    expect(genericTests([model!], { relations, vars: {} }).map((test) => test.name)).toEqual([
      'not_null(daily.a)',
      'not_null(daily.b)',
      'accepted_values(daily.mode)',
    ]);
  });
});

describe('rendering a model', () => {
  const relations = new Map([
    ['fact_session', 'sprint_stage.fact_session'],
    ['event_session', 'sprint_raw.event_session'],
  ]);

  it('fills refs, sources, vars and the partition, and nothing else', () => {
    const sql = renderSql(
      "select {{ var('t') }} * {{ var('t') }}, {{ var('c') }} from {{ ref('fact_session') }}, {{ source('sprint_raw', 'event_session') }} where d in {{ partitions }} and e in {{ lake_partitions }}",
      { relations, vars: { t: 12.5, c: 180 }, partitions: ['2025-01-01', '2025-01-03'], lakePartitions: ['2025-01-01', '2025-01-02'] },
      'test',
    );
    expect(sql).toBe(
      "select CAST(12.5 AS DOUBLE) * CAST(12.5 AS DOUBLE), 180 from sprint_stage.fact_session, sprint_raw.event_session where d in (DATE '2025-01-01', DATE '2025-01-03') and e in (DATE '2025-01-01', DATE '2025-01-02')",
    );
    expect(() => renderSql('{{ whatever }}', { relations, vars: {} }, 'x.sql')).toThrow('x.sql: unknown placeholder {{ whatever }}');
    expect(() => renderSql('{{ partitions }}', { relations, vars: {} }, 'x.sql')).toThrow(/only defined for incremental models/);
    // A model kept by key: the keys a patch redoes, or every key on a full rebuild.
    expect(renderSql("where {{ is_redone_key('m.player_id') }}", { relations, vars: {}, redoneKeys: 'temp.main.keys' }, 'x.sql')).toBe('where m.player_id IN (SELECT key FROM temp.main.keys)');
    expect(renderSql("where {{ is_redone_key('player_id') }}", { relations, vars: {}, redoneKeys: null }, 'x.sql')).toBe('where true');
    expect(() => renderSql("{{ is_redone_key('player_id') }}", { relations, vars: {} }, 'x.sql')).toThrow(/only defined in models with unique_key/);
  });

  it('changes a model fingerprint, and those of the models reading it, when a var it uses changes', async () => {
    const models = loadModels();
    // The close ticks of the heartbeat digest depend on the threshold: models reading them follow.
    const { hash } = await digestBundle();
    const sources = (vars: Record<string, number>) => new Map(Object.entries(digestFingerprints(hash, vars)));
    const fifty = { encounter_threshold: 50, encounter_cooldown: 180 };
    const forty = { encounter_threshold: 40, encounter_cooldown: 180 };
    const before = fingerprintModels(models, fifty, sources(fifty));
    const after = fingerprintModels(models, forty, sources(forty));
    const changed = models.filter((model) => before.get(model.name) !== after.get(model.name)).map((model) => model.name);
    expect(changed).toEqual(['stage_close_pairs', 'stage_encounters', 'encounter_summary_daily', 'player_propensity_features', 'session_close_encounters_daily']);
  });
});

describe('which partitions a lake change touches', () => {
  const file = (table: LakeFile['table'], partitionDate: string, name: string, bytes: number, mtimeMs = 1): LakeFile => ({
    table,
    partitionDate,
    path: `${table}/date=${partitionDate}/${name}`,
    bytes,
    mtimeMs,
  });

  it('finds partitions that gained, lost or resized a file, and no others', () => {
    const before = [file('sessions', '2025-01-01', 'a', 10), file('sessions', '2025-01-02', 'a', 10), file('sessions', '2025-01-03', 'a', 10)];
    const after = [file('sessions', '2025-01-01', 'a', 10), file('sessions', '2025-01-02', 'a', 10), file('sessions', '2025-01-02', 'b', 5), file('sessions', '2025-01-03', 'a', 11)];
    expect([...changedPartitions(before, after).get('sessions')!].sort()).toEqual(['2025-01-02', '2025-01-03']);
    expect([...changedPartitions(after, after.slice(0, 1)).get('sessions')!].sort()).toEqual(['2025-01-02', '2025-01-03']);
  });

  it('counts a file rewritten with the same size as changed, by its mtime', () => {
    const before = [file('heartbeats', '2025-01-01', 'a', 10, 1000), file('heartbeats', '2025-01-02', 'a', 10, 1000)];
    const after = [file('heartbeats', '2025-01-01', 'a', 10, 1000), file('heartbeats', '2025-01-02', 'a', 10, 2000)];
    expect([...changedPartitions(before, after).get('heartbeats')!]).toEqual(['2025-01-02']);
  });

  it('redoes the days before a changed partition as far as a model looks ahead', () => {
    expect([...affectedKeys(['2025-03-01'], 1)].sort()).toEqual(['2025-02-28', '2025-03-01']);
    expect([...affectedKeys(['2025-01-05', '2025-01-06'], 0)].sort()).toEqual(['2025-01-05', '2025-01-06']);
    // Keyed by month: the months of the days touched.
    expect([...affectedKeys(['2025-03-01'], 1, 'month')].sort()).toEqual(['2025-02-01', '2025-03-01']);
    expect([...affectedKeys(['2025-03-02', '2025-03-20'], 1, 'month')]).toEqual(['2025-03-01']);
    // A month key reads its days and the look-ahead after them, leap days included.
    expect(datesOfKey('2024-02-01', 'month', 1)).toEqual([...Array.from({ length: 29 }, (_, i) => `2024-02-${String(i + 1).padStart(2, '0')}`), '2024-03-01']);
    expect(datesOfKey('2025-01-31', 'day', 1)).toEqual(['2025-01-31', '2025-02-01']);
    // Looking back: key d reads d-2..d, so a change at p touches p..p+2.
    expect([...affectedKeys(['2025-01-30'], 0, 'day', 2)].sort()).toEqual(['2025-01-30', '2025-01-31', '2025-02-01']);
    expect(datesOfKey('2025-03-01', 'day', 0, 2)).toEqual(['2025-02-27', '2025-02-28', '2025-03-01']);
  });
});

describe('the shipped models', () => {
  const models = loadModels();

  it('materialize every contract stage and mart as a table, except the centroids a view computes per partition', () => {
    const byName = new Map(models.map((model) => [model.name, model]));
    for (const name of ['fact_session', 'stage_encounters', 'player_activity_daily', 'player_stats_lifetime', 'player_consecutive_days_monthly', 'country_monthly_playtime', 'country_weekly_revenue', 'encounter_summary_daily', 'session_close_encounters_daily', 'daily_kpis', 'retention_cohorts']) {
      expect(byName.get(name)?.materialized, name).not.toBe('view');
    }
    expect(byName.get('stage_centroids')?.materialized).toBe('view');
  });

  it('each declare data tests beside them, at least a not_null or unique key', () => {
    for (const model of models.filter((model) => model.materialized !== 'view')) {
      expect(model.tests.some((test) => test.kind === 'unique' || test.kind === 'not_null'), model.name).toBe(true);
    }
  });
});
