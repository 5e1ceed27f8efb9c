-- Per session and day (the date an encounter starts): close encounters and their seconds.
-- Kept by the session's start date, like encounter_summary_daily, which it sums.
-- materialized: incremental
-- partition_by: session_start_date
-- lookahead_days: 1
-- test not_null: session_id, calendar_day, close_encounter_count, total_encounter_seconds
-- test unique: session_id, calendar_day
-- test expression: close_encounter_count >= 1
-- test expression: total_encounter_seconds >= 30 * close_encounter_count
select
    session_id,
    calendar_day,
    cast(sum(daily_encounter_count) as bigint) as close_encounter_count,
    cast(sum(total_encounter_seconds) as bigint) as total_encounter_seconds,
    count(*) as team_pairs,
    session_start_date
from {{ ref('encounter_summary_daily') }}
where session_start_date in {{ partitions }}
group by session_id, calendar_day, session_start_date
