-- One row per player who signed up in the simulated window, as the lake's players table holds them,
-- with the player's profile: gamertag, language, age band, device, acquisition channel, marketing opt-in.
-- materialized: table
-- test not_null: player_id, signup_date, country, platform, spender_segment, gamertag, language, age_band, device, acquisition_channel, marketing_opt_in
-- test unique: player_id
-- test unique: gamertag
-- test accepted_values: spender_segment in ('none', 'minnow', 'dolphin', 'whale')
-- test accepted_values: age_band in ('13-17', '18-24', '25-34', '35-44', '45+')
-- test accepted_values: acquisition_channel in ('organic', 'paid_social', 'search', 'influencer', 'cross_promotion', 'referral')
-- test expression: churn_date is null or churn_date >= signup_date
-- test expression: split_part(language, '-', 2) = country
select *
from {{ source('sprint_raw', 'players') }}
order by player_id
