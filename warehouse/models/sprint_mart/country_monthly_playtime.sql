-- Per country (where the session was played) and month: total play time.
-- Incremental by month: a new day redoes its month, never the history. A session counts in the
-- month it started, and its row may sit in the next day's partition (it ended after midnight).
-- materialized: incremental
-- partition_by: year_month
-- partition_grain: month
-- lookahead_days: 1
-- test not_null: country, year_month, total_play_time_seconds
-- test unique: country, year_month
-- test expression: total_play_time_seconds >= 0
select
    country,
    cast(date_trunc('month', calendar_date) as date) as year_month,
    cast(sum(event_length_seconds) as bigint) as total_play_time_seconds,
    count(distinct player_id) as players
from {{ ref('fact_session') }}
where cast(date_trunc('month', calendar_date) as date) in {{ partitions }}
group by country, year_month
