-- Per signup week (its Monday): how many of the week's new players signed on again exactly 1, 7
-- and 30 days after signing up. Only players whose day N lies inside the data count towards
-- day N's rate, so the last weeks are not read as churn.
-- materialized: table
-- test not_null: signup_week, cohort_players
-- test unique: signup_week
-- test expression: d1_retained_players <= d1_eligible_players and d7_retained_players <= d7_eligible_players and d30_retained_players <= d30_eligible_players
-- test expression: d1_eligible_players <= cohort_players
-- test expression: isodow(signup_week) = 1
with players as (
    select player_id, signup_date, cast(date_trunc('week', signup_date) as date) as signup_week
    from {{ ref('dim_players') }}
),

last_day as (
    select max(calendar_date) as last_day from {{ ref('fact_signon') }}
),


flags as (
    select
        p.signup_week,
        p.signup_date + 1 <= l.last_day as d1_eligible,
        p.signup_date + 7 <= l.last_day as d7_eligible,
        p.signup_date + 30 <= l.last_day as d30_eligible,
        coalesce(r.d1, false) as d1,
        coalesce(r.d7, false) as d7,
        coalesce(r.d30, false) as d30
    from players as p
    cross join last_day as l
    left join {{ ref('stage_player_return_flags') }} as r on r.player_id = p.player_id
),

counts as (
    select
        signup_week,
        count(*) as cohort_players,
        count(*) filter (where d1_eligible) as d1_eligible_players,
        count(*) filter (where d1_eligible and d1) as d1_retained_players,
        count(*) filter (where d7_eligible) as d7_eligible_players,
        count(*) filter (where d7_eligible and d7) as d7_retained_players,
        count(*) filter (where d30_eligible) as d30_eligible_players,
        count(*) filter (where d30_eligible and d30) as d30_retained_players
    from flags
    group by signup_week
)

select
    *,
    d1_retained_players / nullif(d1_eligible_players, 0) as d1_retention,
    d7_retained_players / nullif(d7_eligible_players, 0) as d7_retention,
    d30_retained_players / nullif(d30_eligible_players, 0) as d30_retention
from counts
order by signup_week
