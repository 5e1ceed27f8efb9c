-- Heartbeats per player, session and date partition: what play time is checked against.
-- materialized: incremental
-- partition_by: partition_date
-- partitions_per_statement: 1
-- test not_null: player_id, session_id, heartbeat_count
-- test unique: player_id, session_id, partition_date
select
    player_id,
    session_id,
    team_id,
    partition_date,
    count(*) as heartbeat_count,
    min(event_datetime) as first_heartbeat,
    max(event_datetime) as last_heartbeat
from {{ source('sprint_raw', 'event_heartbeat') }}
where partition_date in {{ partitions }}
group by player_id, session_id, team_id, partition_date
