-- One row per player who signed up in the simulated window, as the lake's players table holds them.
-- materialized: table
-- test not_null: player_id, signup_date, country, platform, spender_segment
-- test unique: player_id
-- test accepted_values: spender_segment in ('none', 'minnow', 'dolphin', 'whale')
-- test expression: churn_date is null or churn_date >= signup_date
select *
from {{ source('sprint_raw', 'players') }}
order by player_id
