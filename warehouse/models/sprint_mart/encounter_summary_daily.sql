-- Per session, team pair and day (the date an encounter starts): encounters and their seconds.
-- Kept by the session's start date, as stage_encounters is, so a new day redoes only its own
-- sessions (and the day before's, which may cross into it) instead of all history.
-- materialized: incremental
-- partition_by: session_start_date
-- lookahead_days: 1
-- test not_null: session_id, team_1_id, team_2_id, calendar_day, daily_encounter_count, total_encounter_seconds
-- test unique: session_id, team_1_id, team_2_id, calendar_day
-- test expression: team_1_id < team_2_id
-- test expression: total_encounter_seconds >= 30 * daily_encounter_count
select
    session_id,
    team_1_id,
    team_2_id,
    cast(encounter_start as date) as calendar_day,
    count(*) as daily_encounter_count,
    cast(sum(epoch_us(encounter_end) - epoch_us(encounter_start)) // 1000000 as bigint) as total_encounter_seconds,
    session_start_date
from {{ ref('stage_encounters') }}
where session_start_date in {{ partitions }}
group by session_id, team_1_id, team_2_id, calendar_day, session_start_date
