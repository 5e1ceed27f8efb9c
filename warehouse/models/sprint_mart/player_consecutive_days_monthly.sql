-- Per player and month played: the longest run of consecutive days played inside that month
-- (a run that crosses a month boundary counts in each month for its days there).
-- Incremental by month: streaks are cut at month ends, so a month's rows read only its own days.
-- materialized: incremental
-- partition_by: year_month
-- partition_grain: month
-- lookahead_days: 1
-- test not_null: player_id, year_month, country, max_consecutive_days_played
-- test unique: player_id, year_month
-- test expression: max_consecutive_days_played >= 1
-- test expression: year_month = date_trunc('month', year_month)
-- test relationships: player_id -> dim_players.player_id
with days_played as (
    select
        player_id,
        calendar_date,
        cast(date_trunc('month', calendar_date) as date) as year_month
    from {{ ref('player_activity_daily') }}
    where cast(date_trunc('month', calendar_date) as date) in {{ partitions }}
),

-- Gaps and islands: within a run, day minus its rank is the same date.
runs as (
    select
        player_id,
        year_month,
        calendar_date - cast(row_number() over (partition by player_id, year_month order by calendar_date) as integer) as run_anchor
    from days_played
),

run_lengths as (
    select player_id, year_month, count(*) as run_days
    from runs
    group by player_id, year_month, run_anchor
)

select
    r.player_id,
    r.year_month,
    p.country,
    max(r.run_days) as max_consecutive_days_played
from run_lengths as r
inner join {{ ref('dim_players') }} as p on p.player_id = r.player_id
group by r.player_id, r.year_month, p.country
