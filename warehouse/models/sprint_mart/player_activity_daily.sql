-- Per player and day played (the session's start date): play time, sessions, kills and deaths.
-- materialized: incremental
-- partition_by: calendar_date
-- lookahead_days: 1
-- test not_null: player_id, calendar_date, total_play_time_seconds, sessions_count, total_kills, total_deaths
-- test unique: player_id, calendar_date
-- test expression: total_play_time_seconds >= 0 and sessions_count >= 1
-- test expression: kill_death_ratio is null or kill_death_ratio >= 0
-- test expression: (total_deaths = 0) = (kill_death_ratio is null)
-- test relationships: player_id -> dim_players.player_id
select
    player_id,
    calendar_date,
    cast(sum(event_length_seconds) as bigint) as total_play_time_seconds,
    count(*) as sessions_count,
    cast(sum(kills) as bigint) as total_kills,
    cast(sum(deaths) as bigint) as total_deaths,
    sum(kills) / nullif(sum(deaths), 0) as kill_death_ratio
from {{ ref('fact_session') }}
where calendar_date in {{ partitions }}
group by player_id, calendar_date
