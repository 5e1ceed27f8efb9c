-- Each ISO week's revenue, summed over countries, equals the raw transactions of that week.
with raw_weeks as (
    select cast(date_trunc('week', cast(event_datetime as date)) as date) as year_week, sum(purchase_price) as revenue
    from {{ source('sprint_raw', 'event_transaction') }}
    group by year_week
),

mart_weeks as (
    select year_week, sum(total_revenue) as revenue
    from {{ ref('country_weekly_revenue') }}
    group by year_week
)

select coalesce(r.year_week, m.year_week) as year_week, r.revenue as raw_revenue, m.revenue as mart_revenue
from raw_weeks as r
full outer join mart_weeks as m on m.year_week = r.year_week
where r.revenue is distinct from m.revenue
