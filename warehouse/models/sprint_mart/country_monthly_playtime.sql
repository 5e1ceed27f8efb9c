-- Per country (where the session was played) and month: total play time.
-- materialized: table
-- test not_null: country, year_month, total_play_time_seconds
-- test unique: country, year_month
-- test expression: total_play_time_seconds >= 0
select
    country,
    cast(date_trunc('month', calendar_date) as date) as year_month,
    cast(sum(event_length_seconds) as bigint) as total_play_time_seconds,
    count(distinct player_id) as players
from {{ ref('fact_session') }}
group by country, year_month
