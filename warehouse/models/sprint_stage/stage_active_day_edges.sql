-- Per day players signed on (calendar_date) and each day a trailing window of those sign-ons opens
-- or closes (edge_date): the players active that day, and the +1/-1 changes whose running sums
-- daily_kpis' weekly (7-day) and monthly (30-day) actives are. Each active day covers the window
-- days that the player's previous active day did not already cover, so the running sums count each
-- player once per window without a distinct count per day.
-- Incremental by the active day, looking back 30 days: only a previous active day less than 30
-- days earlier changes a day's edges, and a new day changes the edges of the 30 days after it.
-- materialized: incremental
-- partition_by: calendar_date
-- lookback_days: 30
-- test not_null: calendar_date, edge_date, active_players, wau_change, mau_change
-- test unique: calendar_date, edge_date
-- test expression: edge_date between calendar_date and calendar_date + 30
-- fact_signon holds one row per player and day with a sign-on (its unique test, which a build
-- must pass to publish anything), so its rows are the player-days as they are: a distinct here
-- cost half of this model.
with player_days as (
    select player_id, calendar_date
    from {{ ref('fact_signon') }}
    where calendar_date in {{ lake_partitions }}
),

active_days as (
    select
        player_id,
        calendar_date,
        lag(calendar_date) over (partition by player_id order by calendar_date) as previous_day
    from player_days
),

keyed as (
    select * from active_days where calendar_date in {{ partitions }}
),

edges as (
    select calendar_date, calendar_date as edge_date, 1 as active_players, 0 as wau_change, 0 as mau_change from keyed
    union all
    select calendar_date, greatest(calendar_date, coalesce(previous_day + 7, calendar_date)), 0, 1, 0 from keyed
    union all
    select calendar_date, calendar_date + 7, 0, -1, 0 from keyed
    union all
    select calendar_date, greatest(calendar_date, coalesce(previous_day + 30, calendar_date)), 0, 0, 1 from keyed
    union all
    select calendar_date, calendar_date + 30, 0, 0, -1 from keyed
)

select
    calendar_date,
    edge_date,
    cast(sum(active_players) as bigint) as active_players,
    cast(sum(wau_change) as bigint) as wau_change,
    cast(sum(mau_change) as bigint) as mau_change
from edges
group by calendar_date, edge_date
