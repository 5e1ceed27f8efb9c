-- Per day: daily, weekly (trailing 7 days) and monthly (trailing 30 days) active players, where
-- active means signed on; new players; revenue, paying players and ARPDAU.
-- materialized: table
-- test not_null: calendar_date, dau, wau, mau, new_players, revenue, paying_players
-- test unique: calendar_date
-- test expression: dau <= wau and wau <= mau
-- test expression: revenue >= 0
with active_days as (
    select
        player_id,
        calendar_date,
        lag(calendar_date) over (partition by player_id order by calendar_date) as previous_day
    from (select distinct player_id, calendar_date from {{ ref('fact_signon') }})
),

-- Trailing-window actives without a distinct count per day: each active day covers the window
-- days it opens that the player's previous active day did not already cover, so +1 where that
-- stretch starts and -1 where it ends count each player once per window.
window_edges as (
    select greatest(calendar_date, coalesce(previous_day + 7, calendar_date)) as calendar_date, 1 as wau_change, 0 as mau_change
    from active_days
    union all
    select calendar_date + 7, -1, 0 from active_days
    union all
    select greatest(calendar_date, coalesce(previous_day + 30, calendar_date)), 0, 1 from active_days
    union all
    select calendar_date + 30, 0, -1 from active_days
),

days as (
    select cast(day as date) as calendar_date
    from (
        select min(calendar_date) as first_day, max(calendar_date) as last_day
        from (
            select calendar_date from active_days
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
    left join (
        select calendar_date, sum(wau_change) as wau_change, sum(mau_change) as mau_change
        from window_edges
        group by calendar_date
    ) as e on e.calendar_date = d.calendar_date
    window running as (order by d.calendar_date rows between unbounded preceding and current row)
),

daily_active as (
    select calendar_date, count(*) as dau
    from active_days
    group by calendar_date
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
    coalesce(a.dau, 0) as dau,
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
