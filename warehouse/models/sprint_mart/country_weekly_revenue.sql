-- Per country and ISO week (year_week is its Monday): revenue in USD.
-- materialized: table
-- test not_null: country, year_week, total_revenue
-- test unique: country, year_week
-- test expression: total_revenue >= 0
-- test expression: isodow(year_week) = 1
select
    country,
    cast(date_trunc('week', calendar_date) as date) as year_week,
    cast(sum(purchase_price) as decimal(18, 2)) as total_revenue,
    count(*) as transactions,
    count(distinct player_id) as paying_players
from {{ ref('fact_transaction') }}
group by country, year_week
