-- Per session and day (the date an encounter starts): close encounters and their seconds.
-- materialized: table
-- test not_null: session_id, calendar_day, close_encounter_count, total_encounter_seconds
-- test unique: session_id, calendar_day
-- test expression: close_encounter_count >= 1
-- test expression: total_encounter_seconds >= 30 * close_encounter_count
select
    session_id,
    calendar_day,
    cast(sum(daily_encounter_count) as bigint) as close_encounter_count,
    cast(sum(total_encounter_seconds) as bigint) as total_encounter_seconds,
    count(*) as team_pairs
from {{ ref('encounter_summary_daily') }}
group by session_id, calendar_day
