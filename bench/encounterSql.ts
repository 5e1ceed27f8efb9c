import path from 'node:path';
import { BUILD_DEFAULTS } from '../warehouse/buildDefaults.js';
import { readModelFile } from '../warehouse/modelFile.js';
import { MODELS_DIR } from '../warehouse/modelGraph.js';
import { renderSql } from '../warehouse/renderSql.js';
import { CENTROID_DATE } from './encounterCentroids.js';

/** The warehouse's defaults (CONTRACT §2): the bench measures what a build runs. */
const VARS = { encounter_threshold: BUILD_DEFAULTS.encounterThreshold, encounter_cooldown: BUILD_DEFAULTS.encounterCooldown };

/** The day after CENTROID_DATE: the encounter model also reads the next day for midnight crossers. */
const NEXT_DATE = new Date(Date.parse(`${CENTROID_DATE}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The warehouse's own close-pair model, rendered over a table of the heartbeat digest's close
 * ticks instead of the build's, so the bench compares exactly what a build produces.
 */
export function digestClosePairsSql(closeTicks: string): string {
  return renderModel('sprint_stage/stage_close_pairs.sql', { close_ticks: closeTicks });
}

/** The warehouse's gaps-and-islands model over a table of close pairs. */
export function encountersSql(closePairs: string, sessions: string): string {
  return renderModel('sprint_stage/stage_encounters.sql', { stage_close_pairs: closePairs, fact_session: sessions });
}

/**
 * CONTRACT §2 read literally: every pair of teams of a session at every tick, no cells. The squared
 * distance is summed in the model's order (x, y, z) so equal inputs round equally, and the output
 * has the model's columns so the two can be compared row for row.
 */
export function everyPairClosePairsSql(centroids: string): string {
  const threshold = VARS.encounter_threshold;
  return `
SELECT session_id, team_1_id, team_2_id, event_datetime, distance_squared, DATE '${CENTROID_DATE}' AS partition_date
FROM (
    SELECT
        a.session_id,
        a.team_id AS team_1_id,
        b.team_id AS team_2_id,
        a.event_datetime,
        (a.centroid_x - b.centroid_x) * (a.centroid_x - b.centroid_x)
            + (a.centroid_y - b.centroid_y) * (a.centroid_y - b.centroid_y)
            + (a.centroid_z - b.centroid_z) * (a.centroid_z - b.centroid_z) AS distance_squared
    FROM ${centroids} AS a
    INNER JOIN ${centroids} AS b
        ON b.session_id = a.session_id
        AND b.event_datetime = a.event_datetime
        AND a.team_id < b.team_id
    WHERE a.partition_date = DATE '${CENTROID_DATE}' AND b.partition_date = DATE '${CENTROID_DATE}'
)
WHERE distance_squared <= ${threshold} * ${threshold}`;
}

function renderModel(file: string, relations: Record<string, string>): string {
  const model = readModelFile(path.join(MODELS_DIR, file));
  return renderSql(model.text, { relations: new Map(Object.entries(relations)), vars: VARS, partitions: [CENTROID_DATE], lakePartitions: [CENTROID_DATE, NEXT_DATE] }, model.file);
}
