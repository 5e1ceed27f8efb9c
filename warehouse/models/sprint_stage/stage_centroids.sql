-- A team's mean position at each heartbeat tick of a session (CONTRACT §2).
-- A view, not a table: it is nearly as large as the heartbeats themselves, and the close-pair
-- model reads it one date partition at a time, so a table would only copy the lake.
-- materialized: view
select
    session_id,
    team_id,
    event_datetime,
    avg(position_x) as centroid_x,
    avg(position_y) as centroid_y,
    avg(position_z) as centroid_z,
    count(*) as heartbeat_count,
    partition_date
from {{ source('sprint_raw', 'event_heartbeat') }}
group by session_id, team_id, event_datetime, partition_date
