-- One row per encounter (CONTRACT §2): a maximal run of close ticks of a team pair in which
-- consecutive close ticks are at most the cooldown apart; it ends 30 s (one tick) after its last
-- close tick. Sessions are taken whole by their start date, so a session that crosses midnight
-- reads its close ticks from both date partitions and an encounter can span midnight.
-- materialized: incremental
-- partition_by: session_start_date
-- lookahead_days: 1
-- test not_null: session_id, team_1_id, team_2_id, encounter_start, encounter_end, session_start_date
-- test unique: session_id, team_1_id, team_2_id, encounter_start
-- test expression: team_1_id < team_2_id
-- test expression: encounter_end >= encounter_start + interval 30 second
-- test expression: close_ticks >= 1
-- test relationships: session_id -> fact_session.session_id
with sessions_of_the_days as (
    select distinct session_id, calendar_date as session_start_date
    from {{ ref('fact_session') }}
    where calendar_date in {{ partitions }}
),

close_ticks as (
    select
        p.session_id,
        p.team_1_id,
        p.team_2_id,
        p.event_datetime,
        s.session_start_date
    from {{ ref('stage_close_pairs') }} as p
    inner join sessions_of_the_days as s on s.session_id = p.session_id
    where p.partition_date in {{ lake_partitions }}
),

-- Gaps and islands: a close tick more than the cooldown after the pair's previous one starts a
-- new encounter; the running count of starts numbers the encounters.
flagged as (
    select
        *,
        case
            when epoch_us(event_datetime) - lag(epoch_us(event_datetime)) over pair_ticks
                <= {{ var('encounter_cooldown') }} * 1000000 then 0
            else 1
        end as starts_encounter
    from close_ticks
    window pair_ticks as (partition by session_id, session_start_date, team_1_id, team_2_id order by event_datetime)
),

numbered as (
    select
        *,
        sum(starts_encounter) over (
            partition by session_id, session_start_date, team_1_id, team_2_id
            order by event_datetime
            rows between unbounded preceding and current row
        ) as encounter_number
    from flagged
)

select
    session_id,
    team_1_id,
    team_2_id,
    min(event_datetime) as encounter_start,
    max(event_datetime) + interval 30 second as encounter_end,
    count(*) as close_ticks,
    session_start_date
from numbered
group by session_id, session_start_date, team_1_id, team_2_id, encounter_number
