-- Per signup week (its Monday): how many of the week's new players signed on again exactly 1, 7
-- and 30 days after signing up. Only players whose day N lies inside the data count towards
-- day N's rate, so the last weeks are not read as churn.
-- materialized: table
-- test not_null: signup_week, cohort_players
-- test unique: signup_week
-- test expression: d1_retained_players <= d1_eligible_players and d7_retained_players <= d7_eligible_players and d30_retained_players <= d30_eligible_players
-- test expression: d1_eligible_players <= cohort_players
-- test expression: isodow(signup_week) = 1
with last_day as (
    select max(calendar_date) as last_day from {{ ref('fact_signon') }}
),

-- A scan of the players' cohort rows (kept by player), not a join of every player to their
-- returns on each build.
counts as (
    select
        cast(date_trunc('week', c.signup_date) as date) as signup_week,
        count(*) as cohort_players,
        count(*) filter (where c.signup_date + 1 <= l.last_day) as d1_eligible_players,
        count(*) filter (where c.signup_date + 1 <= l.last_day and c.d1) as d1_retained_players,
        count(*) filter (where c.signup_date + 7 <= l.last_day) as d7_eligible_players,
        count(*) filter (where c.signup_date + 7 <= l.last_day and c.d7) as d7_retained_players,
        count(*) filter (where c.signup_date + 30 <= l.last_day) as d30_eligible_players,
        count(*) filter (where c.signup_date + 30 <= l.last_day and c.d30) as d30_retained_players
    from {{ ref('stage_player_cohorts') }} as c
    cross join last_day as l
    group by signup_week
)

select
    *,
    d1_retained_players / nullif(d1_eligible_players, 0) as d1_retention,
    d7_retained_players / nullif(d7_eligible_players, 0) as d7_retention,
    d30_retained_players / nullif(d30_eligible_players, 0) as d30_retention
from counts
order by signup_week
