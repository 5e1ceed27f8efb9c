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
    player_id,
    session_id,
    team_id,
    partition_date,
    heartbeat_count,
    make_timestamp(first_heartbeat_us) as first_heartbeat,
    make_timestamp(last_heartbeat_us) as last_heartbeat
from {{ source('sprint_digest', 'session_beats') }}
