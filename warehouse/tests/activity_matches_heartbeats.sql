-- Heartbeats match the sessions they belong to: every heartbeat's player and session exist, on the
-- session's team, one beat per 30 s tick from the session's start while the player was in it
-- (k * 30 s < event_length_seconds), so play time and heartbeats tell the same story.
-- In a lake still being written (sprint_meta.build_info lake_complete = false) the sessions still
-- running at its last date have no end yet: their heartbeats reach that date and their session
-- rows belong to the next, not written yet. Only those may lack a session row.
-- Narrowed (an incremental build): the sessions with heartbeats or a session row from where the
-- build redid; a session spans at most two dates, so their rows all lie from the day before on
-- (a longer one would show as missing beats, a failure, never as a pass).
with
{% if narrowed %}
redone_sessions as (
    select session_id from {{ ref('stage_session_heartbeats') }} where partition_date >= {{ redone_since('stage_session_heartbeats') }}
    union
    select session_id from {{ ref('fact_session') }} where partition_date >= {{ redone_since('fact_session') }}
),
{% endif %}
beats as (
    select
        player_id,
        session_id,
        min(team_id) as team_id,
        -- Two teams for one player and session show as a minimum unlike the maximum (a distinct
        -- count would cost a hash table per group).
        max(team_id) as other_team_id,
        sum(heartbeat_count) as heartbeats,
        min(first_heartbeat) as first_heartbeat,
        max(last_heartbeat) as last_heartbeat
    from {{ ref('stage_session_heartbeats') }}
{% if narrowed %}
    where partition_date >= least({{ redone_since('stage_session_heartbeats') }}, {{ redone_since('fact_session') }}) - 1
        and session_id in (select session_id from redone_sessions)
{% endif %}
    group by player_id, session_id
),

sessions as (
    select * from {{ ref('fact_session') }}
{% if narrowed %}
    where partition_date >= least({{ redone_since('stage_session_heartbeats') }}, {{ redone_since('fact_session') }}) - 1
        and session_id in (select session_id from redone_sessions)
{% endif %}
)

select
    b.player_id,
    b.session_id,
    b.heartbeats,
    ceil(s.event_length_seconds / 30) as expected_heartbeats,
    b.first_heartbeat,
    s.session_start,
    b.team_id as heartbeat_team_id,
    s.team_id as session_team_id
from beats as b
left join sessions as s on s.player_id = b.player_id and s.session_id = b.session_id
where (s.session_id is null
        and not (
            b.last_heartbeat >= (select max(partition_date) from {{ ref('fact_session') }})
            and (select value from sprint_meta.build_info where key = 'lake_complete') = 'false'
        ))
    or b.other_team_id <> b.team_id
    or b.team_id <> s.team_id
    or b.heartbeats <> ceil(s.event_length_seconds / 30)
    or b.first_heartbeat <> s.session_start
