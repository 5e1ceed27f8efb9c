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
-- fact_session holds a player at most once a day (its unique test on player_id and calendar_date,
-- which must pass for any build to publish), so each player-day is one session row and the day's
-- sums are that row's values: a projection, not a group-by of 3 million one-row groups (0.6 s of
-- the dense world's build). The types are those the sums had.
select
    player_id,
    calendar_date,
    cast(event_length_seconds as bigint) as total_play_time_seconds,
    cast(1 as bigint) as sessions_count,
    cast(kills as bigint) as total_kills,
    cast(deaths as bigint) as total_deaths,
    kills / nullif(deaths, 0) as kill_death_ratio
from {{ ref('fact_session') }}
where calendar_date in {{ partitions }}
