-- Per acquisition channel and age band: how many players came, how many signed on again exactly 1,
-- 7 and 30 days after signing up (only players whose day N lies inside the data count towards day
-- N, as in retention_cohorts), how many ever paid, and the revenue they brought. Sum the counts
-- over age bands for a channel's figures, or over channels for an age band's.
-- materialized: table
-- test not_null: acquisition_channel, age_band, players, d7_eligible_players, d7_retained_players, payers, revenue
-- test unique: acquisition_channel, age_band
-- test accepted_values: acquisition_channel in ('organic', 'paid_social', 'search', 'influencer', 'cross_promotion', 'referral')
-- test accepted_values: age_band in ('13-17', '18-24', '25-34', '35-44', '45+')
-- test expression: d1_retained_players <= d1_eligible_players and d7_retained_players <= d7_eligible_players and d30_retained_players <= d30_eligible_players
-- test expression: d1_eligible_players <= players and payers <= players
-- test expression: revenue >= 0
with players as (
    select player_id, signup_date, acquisition_channel, age_band
    from {{ ref('dim_players') }}
),

last_day as (
    select max(calendar_date) as last_day from {{ ref('fact_signon') }}
),


spend as (
    select player_id, sum(purchase_price) as revenue
    from {{ ref('fact_transaction') }}
    group by player_id
),

flags as (
    select
        p.acquisition_channel,
        p.age_band,
        p.signup_date + 1 <= l.last_day as d1_eligible,
        p.signup_date + 7 <= l.last_day as d7_eligible,
        p.signup_date + 30 <= l.last_day as d30_eligible,
        coalesce(r.d1, false) as d1,
        coalesce(r.d7, false) as d7,
        coalesce(r.d30, false) as d30,
        m.revenue
    from players as p
    cross join last_day as l
    left join {{ ref('stage_player_return_flags') }} as r on r.player_id = p.player_id
    left join spend as m on m.player_id = p.player_id
)

select
    acquisition_channel,
    age_band,
    count(*) as players,
    count(*) filter (where d1_eligible) as d1_eligible_players,
    count(*) filter (where d1_eligible and d1) as d1_retained_players,
    count(*) filter (where d7_eligible) as d7_eligible_players,
    count(*) filter (where d7_eligible and d7) as d7_retained_players,
    count(*) filter (where d30_eligible) as d30_eligible_players,
    count(*) filter (where d30_eligible and d30) as d30_retained_players,
    count(revenue) as payers,
    cast(coalesce(sum(revenue), 0) as decimal(18, 2)) as revenue
from flags
group by acquisition_channel, age_band
order by acquisition_channel, age_band
