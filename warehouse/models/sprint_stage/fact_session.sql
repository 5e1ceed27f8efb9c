-- One row per player per session: when it started and ended and what the player did in it.
-- calendar_date is the session's start date, the day its play time counts for; a player has at most
-- one session a day (CONTRACT §1), which its second unique test holds it to.
-- materialized: incremental
-- partition_by: partition_date
-- test not_null: player_id, session_id, team_id, session_start, session_end, calendar_date, game_mode
-- test unique: player_id, session_id
-- test unique: player_id, calendar_date
-- test expression: event_length_seconds >= 0 and kills >= 0 and deaths >= 0
-- test expression: event_length_seconds < 86400
-- test accepted_values: game_mode in ('skirmish', 'battle_royale')
-- test relationships: player_id -> dim_players.player_id
select
    player_id,
    session_id,
    team_id,
    event_datetime - to_seconds(event_length_seconds) as session_start,
    event_datetime as session_end,
    cast(event_datetime - to_seconds(event_length_seconds) as date) as calendar_date,
    event_length_seconds,
    kills,
    deaths,
    game_mode,
    country,
    region,
    platform,
    partition_date
from {{ source('sprint_raw', 'event_session') }}
where partition_date in {{ partitions }}
