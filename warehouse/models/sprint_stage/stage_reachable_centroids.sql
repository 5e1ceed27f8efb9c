-- The team centroids (CONTRACT §2, as in stage_centroids) that could be close to another team:
-- those of a team while, within the same two minutes, some other team of its session came within
-- the threshold of its bounding box. Only these can be part of a close pair, and they are a small
-- share of all centroids (about a seventh in Sprint's lake), so the close-pair join runs on them.
-- Why it is exact: a centroid is the mean of its team's heartbeats at that tick, so it lies inside
-- the box of the team's heartbeats over the window holding that tick; two centroids within the
-- threshold therefore have boxes within the threshold on every axis. Boxes are compared with a
-- threshold 0.1% larger, far beyond any rounding in the means.
-- Why this is cheap: boxes group about four ticks of a team into one row, and the centroids are
-- then averaged only over the heartbeats of the reachable windows, instead of over all of them.
-- Teams are grouped by team_id alone: a team belongs to exactly one session (a lake guarantee,
-- held by the data tests teams_belong_to_one_session and activity_matches_heartbeats).
-- materialized: incremental
-- partition_by: partition_date
-- partitions_per_statement: 1
-- test not_null: session_id, team_id, event_datetime, centroid_x, centroid_y, centroid_z
-- Not materialized: decoding the partition twice costs less than copying it.
with heartbeats as not materialized (
    select
        team_id,
        session_id,
        event_datetime,
        position_x,
        position_y,
        position_z,
        partition_date,
        -- Two-minute windows: long enough that a box summarises several ticks, short enough that
        -- a moving team's box stays small. Any function of event_datetime would be exact.
        epoch_us(event_datetime) // 120000000 as time_window
    from {{ source('sprint_raw', 'event_heartbeat') }}
    where partition_date in {{ partitions }}
),

team_windows as materialized (
    select
        team_id,
        time_window,
        min(session_id) as session_id,
        min(position_x) as min_x,
        max(position_x) as max_x,
        min(position_y) as min_y,
        max(position_y) as max_y,
        min(position_z) as min_z,
        max(position_z) as max_z
    from heartbeats
    group by team_id, time_window
),

-- Every pair of teams of a session-window is compared here, once (a lower team with a higher
-- one), on boxes of about four ticks each, not centroids per tick. (Strips, as in
-- stage_close_pairs, cut the pairs compared but not the time: building the join's hash table is
-- what costs here, and listing boxes per strip makes it larger.)
close_box_pairs as (
    select a.team_id as team_a, b.team_id as team_b, a.time_window
    from team_windows as a
    inner join team_windows as b
        on b.session_id = a.session_id
        and b.time_window = a.time_window
        and b.team_id > a.team_id
        and b.min_x <= a.max_x + {{ var('encounter_threshold') }} * 1.001
        and a.min_x <= b.max_x + {{ var('encounter_threshold') }} * 1.001
        and b.min_y <= a.max_y + {{ var('encounter_threshold') }} * 1.001
        and a.min_y <= b.max_y + {{ var('encounter_threshold') }} * 1.001
        and b.min_z <= a.max_z + {{ var('encounter_threshold') }} * 1.001
        and a.min_z <= b.max_z + {{ var('encounter_threshold') }} * 1.001
),

-- Both teams of a close pair of boxes are reachable in that window.
reachable_windows as materialized (
    select team_a as team_id, time_window from close_box_pairs
    union
    select team_b, time_window from close_box_pairs
)

select
    min(h.session_id) as session_id,
    h.team_id,
    h.event_datetime,
    avg(h.position_x) as centroid_x,
    avg(h.position_y) as centroid_y,
    avg(h.position_z) as centroid_z,
    min(h.partition_date) as partition_date
from heartbeats as h
semi join reachable_windows as r
    on r.team_id = h.team_id
    and r.time_window = h.time_window
group by h.team_id, h.event_datetime
