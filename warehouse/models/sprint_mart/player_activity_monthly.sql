-- Per player and month played: kills, deaths, play time, days played and the first and last day
-- played. The small incremental aggregate that player_stats_lifetime sits on: a new day redoes its
-- month here, and the lifetime table is a roll-up of months rather than of every day played.
-- materialized: incremental
-- partition_by: year_month
-- partition_grain: month
-- lookahead_days: 1
-- test not_null: player_id, year_month, total_kills, total_deaths, days_played, first_played, last_played
-- test unique: player_id, year_month
-- test expression: first_played <= last_played and year_month = date_trunc('month', first_played)
-- test expression: days_played between 1 and last_played - first_played + 1
select
    player_id,
    cast(date_trunc('month', calendar_date) as date) as year_month,
    cast(sum(total_kills) as bigint) as total_kills,
    cast(sum(total_deaths) as bigint) as total_deaths,
    cast(sum(total_play_time_seconds) as bigint) as total_play_time_seconds,
    count(*) as days_played,
    min(calendar_date) as first_played,
    max(calendar_date) as last_played
from {{ ref('player_activity_daily') }}
where cast(date_trunc('month', calendar_date) as date) in {{ partitions }}
group by player_id, year_month
