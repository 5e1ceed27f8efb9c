-- Every tick at which two teams of one session are within the encounter threshold (3-D distance).
-- Centroids are bucketed into square cells on x and y, a hair wider than the threshold, and only
-- teams in the same or a neighbouring cell are compared, so the work grows with the pairs that
-- are near rather than with teams squared. z is left out of the cells: the distance test below
-- still uses it, and two teams within the threshold are never more than one cell apart in x or y.
-- materialized: incremental
-- partition_by: partition_date
-- source_partitions: heartbeats
-- test not_null: session_id, team_1_id, team_2_id, event_datetime
-- test unique: session_id, team_1_id, team_2_id, event_datetime
-- test expression: team_1_id < team_2_id
-- test expression: distance_squared <= {{ var('encounter_threshold') }} * {{ var('encounter_threshold') }}
with centroids as materialized (
    select
        session_id,
        team_id,
        event_datetime,
        centroid_x,
        centroid_y,
        centroid_z,
        -- Cells are 0.1% wider than the threshold so that rounding in the division can never put
        -- two teams within the threshold two cells apart. A cell (x, y) is one BIGINT,
        -- x * 2^32 + y (one key hashes faster than two), so the neighbour (x + dx, y + dy) is
        -- cell + dx * 2^32 + dy; exact while |coordinate| < threshold * 2^31.
        cast(floor(centroid_x / ({{ var('encounter_threshold') }} * 1.001)) as bigint) * 4294967296
            + cast(floor(centroid_y / ({{ var('encounter_threshold') }} * 1.001)) as bigint) as cell
    from {{ ref('stage_centroids') }}
    where partition_date = {{ partition_date }}
),

-- Half of the 3x3 neighbourhood: each centroid probes its own cell and four "forward" neighbours
-- (+1,0), (-1,+1), (0,+1), (+1,+1), so a pair of teams in neighbouring cells is met exactly once,
-- and a pair inside one cell once, by team order. The probes are unnested inside one relation so
-- the planner must join on the cell; a join against a separate offsets table let it pair every
-- team of a tick first and filter by cell afterwards, which is the teams-squared plan.
probes as (
    select
        *,
        unnest([
            cell,
            cell + 4294967296,
            cell - 4294967296 + 1,
            cell + 1,
            cell + 4294967296 + 1
        ]) as probe_cell
    from centroids
),

candidate_pairs as (
    select
        a.session_id,
        least(a.team_id, b.team_id) as team_1_id,
        greatest(a.team_id, b.team_id) as team_2_id,
        a.event_datetime,
        (a.centroid_x - b.centroid_x) * (a.centroid_x - b.centroid_x)
            + (a.centroid_y - b.centroid_y) * (a.centroid_y - b.centroid_y)
            + (a.centroid_z - b.centroid_z) * (a.centroid_z - b.centroid_z) as distance_squared
    from probes as a
    inner join centroids as b
        on b.session_id = a.session_id
        and b.event_datetime = a.event_datetime
        and b.cell = a.probe_cell
    where a.probe_cell <> a.cell or a.team_id < b.team_id
)

select
    session_id,
    team_1_id,
    team_2_id,
    event_datetime,
    distance_squared,
    {{ partition_date }} as partition_date
from candidate_pairs
-- Squared distances against the squared threshold: no square root, so every path that compares
-- teams (this one and the every-pair check in the tests) rounds identically.
where distance_squared <= {{ var('encounter_threshold') }} * {{ var('encounter_threshold') }}
