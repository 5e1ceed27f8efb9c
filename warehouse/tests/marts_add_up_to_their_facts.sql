-- The marts lose and invent nothing: play time, kills, revenue, encounters and players add up to the facts.
with totals as (
    select 'play time' as measure,
        (select sum(event_length_seconds) from {{ ref('fact_session') }}) as facts,
        (select sum(total_play_time_seconds) from {{ ref('player_activity_daily') }}) as mart
    union all
    select 'play time by country',
        (select sum(event_length_seconds) from {{ ref('fact_session') }}),
        (select sum(total_play_time_seconds) from {{ ref('country_monthly_playtime') }})
    union all
    select 'lifetime kills',
        (select sum(kills) from {{ ref('fact_session') }}),
        (select sum(total_kills) from {{ ref('player_stats_lifetime') }})
    union all
    select 'encounters',
        (select count(*) from {{ ref('stage_encounters') }}),
        (select sum(close_encounter_count) from {{ ref('session_close_encounters_daily') }})
    union all
    select 'revenue',
        (select sum(purchase_price) from {{ ref('fact_transaction') }}),
        (select sum(revenue) from {{ ref('daily_kpis') }})
    union all
    select 'revenue by acquisition channel',
        (select sum(purchase_price) from {{ ref('fact_transaction') }}),
        (select sum(revenue) from {{ ref('acquisition_kpis') }})
    union all
    select 'players by acquisition channel',
        (select count(*) from {{ ref('dim_players') }}),
        (select sum(players) from {{ ref('acquisition_kpis') }})
)

select measure, facts, mart
from totals
where coalesce(facts, 0) <> coalesce(mart, 0)
