-- A team plays in exactly one session (a lake guarantee that close pairs and encounters, keyed
-- by team pair, rely on); with activity_matches_heartbeats (every heartbeat on its session's
-- team) this holds the heartbeats to it too.
-- Narrowed (an incremental build): the teams with a row from where the build redid, wherever
-- their other rows are.
select team_id, min(session_id) as a_session, max(session_id) as another_session
from {{ ref('fact_session') }}
{% if narrowed %}
where team_id in (select team_id from {{ ref('fact_session') }} where partition_date >= {{ redone_since('fact_session') }})
{% endif %}
group by team_id
-- Two sessions show as a minimum unlike the maximum, without a distinct count's hash table per group.
having min(session_id) <> max(session_id)
