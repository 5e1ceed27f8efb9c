-- Per player: the signup day, acquisition channel and age band, whether they signed on again
-- exactly 1, 7 and 30 days after signing up, and what they spent (NULL for a player who never
-- paid). What retention_cohorts and acquisition_kpis count, so that they are a scan of it.
-- Kept by player: a new day redoes the players with a return or a purchase that day, not every
-- player (20 million at full scale), whom the marts once joined to their returns and spending.
-- materialized: incremental
-- unique_key: player_id
-- test not_null: player_id, signup_date, acquisition_channel, age_band, d1, d7, d30
-- test unique: player_id
-- test expression: revenue is null or revenue >= 0
-- Its rows are dim_players' rows, which a change of the players file rebuilds whole: a
-- relationships test to dim_players could not fail.
select
    p.player_id,
    p.signup_date,
    p.acquisition_channel,
    p.age_band,
    coalesce(r.d1, false) as d1,
    coalesce(r.d7, false) as d7,
    coalesce(r.d30, false) as d30,
    s.revenue
from (
    select player_id, signup_date, acquisition_channel, age_band
    from {{ ref('dim_players') }}
    where {{ is_redone_key('player_id') }}
) as p
left join (
    select
        player_id,
        bool_or(return_day = 1) as d1,
        bool_or(return_day = 7) as d7,
        bool_or(return_day = 30) as d30
    from {{ ref('stage_player_returns') }}
    where {{ is_redone_key('player_id') }}
    group by player_id
) as r on r.player_id = p.player_id
left join (
    select player_id, sum(purchase_price) as revenue
    from {{ ref('fact_transaction') }}
    where {{ is_redone_key('player_id') }}
    group by player_id
) as s on s.player_id = p.player_id
