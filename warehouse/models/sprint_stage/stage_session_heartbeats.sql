-- Heartbeats per player, session and date partition: what play time is checked against.
-- A view over the heartbeat digest (MODELS.md), which holds one row per player run of each
-- heartbeat file: the lake writes a player's beats in a session as one run, so counting them
-- needs no group-by over the heartbeats.
-- materialized: view
-- partition_by: partition_date
-- test not_null: player_id, session_id, heartbeat_count
-- test unique: player_id, session_id, partition_date
-- test relationships: player_id -> dim_players.player_id
select
    cast(player_id as bigint) as player_id,
    cast(session_id as bigint) as session_id,
    cast(team_id as bigint) as team_id,
    partition_date,
    cast(heartbeat_count as bigint) as heartbeat_count,
    make_timestamp(cast(first_heartbeat_us as bigint)) as first_heartbeat,
    make_timestamp(cast(last_heartbeat_us as bigint)) as last_heartbeat
from {{ source('sprint_digest', 'session_beats') }}
