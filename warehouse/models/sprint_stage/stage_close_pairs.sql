-- Every tick at which two teams of one session are within the encounter threshold (3-D distance).
-- It reads only the centroids that stage_reachable_centroids keeps (the others cannot be close to
-- any team). They are bucketed into strips along x, a hair wider than the threshold, and a team is
-- only compared with teams in its own strip or the next one, so the work grows with the teams that
-- are near in x rather than with teams squared. Two teams within the threshold are never more than one
-- strip apart; the distance test below still uses y and z.
-- Why strips and not square cells: a square grid needs every centroid to probe its own cell and
-- four neighbours, and each probe is a random access into a hash table of all the partition's
-- centroids; two probes into strips cost less, even with the extra candidates a strip holds
-- (`npm run bench` times this model against comparing every pair, identical results required).
-- materialized: incremental
-- partition_by: partition_date
-- partitions_per_statement: 1
-- test not_null: session_id, team_1_id, team_2_id, event_datetime
-- test unique: session_id, team_1_id, team_2_id, event_datetime
-- test expression: team_1_id < team_2_id
-- test expression: distance_squared <= {{ var('encounter_threshold') }} * {{ var('encounter_threshold') }}
-- Not materialized: copying the centroids costs more than reading them twice.
with centroids as not materialized (
    select
        session_id,
        team_id,
        event_datetime,
        centroid_x,
        centroid_y,
        centroid_z,
        partition_date,
        -- Strips are 0.1% wider than the threshold so that rounding in the division can never put
        -- two teams within the threshold two strips apart.
        cast(floor(centroid_x / ({{ var('encounter_threshold') }} * 1.001)) as bigint) as strip
    from {{ ref('stage_reachable_centroids') }}
    where partition_date in {{ partitions }}
),

-- Each centroid probes its own strip and the next one, so a pair in neighbouring strips is met
-- exactly once. Inside its own strip a team only meets teams with a larger id (team_floor), and
-- that condition sits in the join itself, so DuckDB never materialises a team paired with itself;
-- in the next strip the floor is the smallest BIGINT, which no real team id equals. The probes
-- are one relation joined on the strip: a join against a separate offsets table let the planner
-- pair every team of a tick first and filter afterwards, which is the teams-squared plan.
probes as (
    select *, strip as probe_strip, team_id as team_floor from centroids
    union all
    select *, strip + 1 as probe_strip, cast(-9223372036854775808 as bigint) as team_floor from centroids
),

candidate_pairs as (
    select
        a.session_id,
        least(a.team_id, b.team_id) as team_1_id,
        greatest(a.team_id, b.team_id) as team_2_id,
        a.event_datetime,
        a.partition_date,
        (a.centroid_x - b.centroid_x) * (a.centroid_x - b.centroid_x)
            + (a.centroid_y - b.centroid_y) * (a.centroid_y - b.centroid_y)
            + (a.centroid_z - b.centroid_z) * (a.centroid_z - b.centroid_z) as distance_squared
    from probes as a
    inner join centroids as b
        on b.session_id = a.session_id
        and b.event_datetime = a.event_datetime
        and b.strip = a.probe_strip
        and b.team_id > a.team_floor
)

select
    session_id,
    team_1_id,
    team_2_id,
    event_datetime,
    distance_squared,
    partition_date
from candidate_pairs
-- Squared distances against the squared threshold: no square root, so every path that compares
-- teams (this one and the every-pair check in the tests) rounds identically.
where distance_squared <= {{ var('encounter_threshold') }} * {{ var('encounter_threshold') }}
