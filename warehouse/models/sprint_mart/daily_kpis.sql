-- Per day: daily, weekly (trailing 7 days) and monthly (trailing 30 days) active players, where
-- active means signed on; new players; revenue, paying players and ARPDAU.
-- materialized: table
-- test not_null: calendar_date, dau, wau, mau, new_players, revenue, paying_players
-- test unique: calendar_date
-- test expression: dau <= wau and wau <= mau
-- test expression: revenue >= 0
-- The trailing windows are running sums of stage_active_day_edges, an incremental aggregate of a
-- few dozen rows per day, so this table never reads the sign-ons themselves.
with window_edges as (
    select edge_date as calendar_date, sum(wau_change) as wau_change, sum(mau_change) as mau_change
    from {{ ref('stage_active_day_edges') }}
    group by edge_date
),

daily_active as (
    select calendar_date, sum(active_players) as dau
    from {{ ref('stage_active_day_edges') }}
    group by calendar_date
),

days as (
    select cast(day as date) as calendar_date
    from (
        select min(calendar_date) as first_day, max(calendar_date) as last_day
        from (
            select calendar_date from daily_active
            union all
            select calendar_date from {{ ref('fact_transaction') }}
        )
    ),
        generate_series(first_day, last_day, interval 1 day) as days(day)
),

windows as (
    select
        d.calendar_date,
        sum(coalesce(e.wau_change, 0)) over running as wau,
        sum(coalesce(e.mau_change, 0)) over running as mau
    from days as d
    left join window_edges as e on e.calendar_date = d.calendar_date
    window running as (order by d.calendar_date rows between unbounded preceding and current row)
),

signups as (
    select signup_date as calendar_date, count(*) as new_players
    from {{ ref('dim_players') }}
    group by signup_date
),

revenue as (
    select calendar_date, sum(purchase_price) as revenue, count(distinct player_id) as paying_players
    from {{ ref('fact_transaction') }}
    group by calendar_date
)

select
    w.calendar_date,
    cast(coalesce(a.dau, 0) as bigint) as dau,
    cast(w.wau as bigint) as wau,
    cast(w.mau as bigint) as mau,
    coalesce(s.new_players, 0) as new_players,
    cast(coalesce(r.revenue, 0) as decimal(18, 2)) as revenue,
    coalesce(r.paying_players, 0) as paying_players,
    cast(coalesce(r.revenue, 0) as double) / nullif(a.dau, 0) as arpdau
from windows as w
left join daily_active as a on a.calendar_date = w.calendar_date
left join signups as s on s.calendar_date = w.calendar_date
left join revenue as r on r.calendar_date = w.calendar_date
order by w.calendar_date
