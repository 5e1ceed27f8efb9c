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
with last_day as (
    select max(calendar_date) as last_day from {{ ref('fact_signon') }}
)

-- A scan of the players' cohort rows (kept by player), not a join of every player to their
-- returns and spending on each build.
select
    c.acquisition_channel,
    c.age_band,
    count(*) as players,
    count(*) filter (where c.signup_date + 1 <= l.last_day) as d1_eligible_players,
    count(*) filter (where c.signup_date + 1 <= l.last_day and c.d1) as d1_retained_players,
    count(*) filter (where c.signup_date + 7 <= l.last_day) as d7_eligible_players,
    count(*) filter (where c.signup_date + 7 <= l.last_day and c.d7) as d7_retained_players,
    count(*) filter (where c.signup_date + 30 <= l.last_day) as d30_eligible_players,
    count(*) filter (where c.signup_date + 30 <= l.last_day and c.d30) as d30_retained_players,
    count(c.revenue) as payers,
    cast(coalesce(sum(c.revenue), 0) as decimal(18, 2)) as revenue
from {{ ref('stage_player_cohorts') }} as c
cross join last_day as l
group by c.acquisition_channel, c.age_band
order by c.acquisition_channel, c.age_band
