-- Every tick at which two teams of one session are within the encounter threshold (3-D distance
-- between their centroids, CONTRACT §2).
-- A view over the heartbeat digest (MODELS.md), which finds these pairs in one pass over each
-- heartbeat file: a session's rows lie together in the file, so its teams' centroids are summed
-- per tick without a group-by, and the teams of a tick are compared in x order, stopping where x
-- alone is farther apart than the threshold. The squared distance is computed as the every-pair
-- comparison of the tests computes it, so the two agree to the last bit.
-- materialized: view
-- partition_by: partition_date
-- test not_null: session_id, team_1_id, team_2_id, event_datetime
-- test unique: session_id, team_1_id, team_2_id, event_datetime
-- test expression: team_1_id < team_2_id
-- test expression: distance_squared <= {{ var('encounter_threshold') }} * {{ var('encounter_threshold') }}
select
    session_id,
    team_1_id,
    team_2_id,
    event_datetime,
    distance_squared,
    partition_date
from {{ source('sprint_digest', 'close_ticks') }}
