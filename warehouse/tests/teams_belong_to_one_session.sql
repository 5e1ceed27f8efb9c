-- A team plays in exactly one session (a lake guarantee): stage_reachable_centroids groups
-- heartbeats by team_id alone, and with activity_matches_heartbeats (every heartbeat on its
-- session's team) this holds the heartbeats to it too.
select team_id, count(distinct session_id) as sessions
from {{ ref('fact_session') }}
group by team_id
having count(distinct session_id) > 1
