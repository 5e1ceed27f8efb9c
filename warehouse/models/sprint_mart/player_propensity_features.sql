-- Per player eligible for purchase propensity (signed up at least 37 days before the last day of
-- the data): what a studio knows at the end of the player's first 7 days (days 0 to 6, day k
-- being signup_date + k), and whether the player then made a purchase that is not a battle-pass
-- renewal in days 7 to 36 (the target of npm run propensity). Only observed behaviour and the
-- player's profile are read (not the gamertag, an identifier); the simulator's hidden truths never are.
-- Incremental by signup date: a player's row reads days 0 to 36 after signing up, and appears once
-- day 37 is in the data, so a new day p redoes the signup dates p - 37 to p, never the history.
-- materialized: incremental
-- partition_by: signup_date
-- lookahead_days: 37
-- test not_null: player_id, signup_date, country, platform, language, age_band, device, acquisition_channel, marketing_opt_in, signon_days, days_played, sessions, purchases_w1, label
-- test unique: player_id
-- test relationships: player_id -> dim_players.player_id
-- test expression: days_played <= signon_days and signon_days <= 7 and active_days_4_to_6 <= 3 and weekend_signon_days <= 2
-- test expression: purchases_w1 >= battle_pass_w1::int and spend_w1 >= 0
-- test expression: isodow(signup_date) = signup_weekday
with bounds as (
    -- The last day with sign-ons is the lake's last simulated day; the first sign-up its first
    -- (both over all history: a row's eligibility and season never depend on the statement's days).
    select
        (select max(calendar_date) from {{ ref('fact_signon') }}) as last_day,
        (select min(signup_date) from {{ ref('dim_players') }}) as first_day
),

eligible as (
    select
        p.player_id,
        p.signup_date,
        p.country,
        p.platform,
        p.language,
        p.age_band,
        p.device,
        p.acquisition_channel,
        p.marketing_opt_in,
        b.first_day
    from {{ ref('dim_players') }} as p
    cross join bounds as b
    where p.signup_date <= b.last_day - 37
        and p.signup_date in {{ partitions }}
),

signons as (
    select
        e.player_id,
        count(distinct s.calendar_date) as signon_days,
        count(distinct s.calendar_date) filter (where s.calendar_date >= e.signup_date + 4) as active_days_4_to_6,
        -- Weekend players and weekday players with the same count have different futures.
        count(distinct s.calendar_date) filter (where isodow(s.calendar_date) >= 6) as weekend_signon_days,
        max(s.calendar_date) - e.signup_date as last_signon_day
    from {{ ref('fact_signon') }} as s
    inner join eligible as e
        on s.player_id = e.player_id
        and s.calendar_date between e.signup_date and e.signup_date + 6
    where s.calendar_date in {{ lake_partitions }}
    group by e.player_id, e.signup_date
),

first_week_sessions as materialized (
    -- Materialised so that the eligible players narrow the sessions before anything joins them:
    -- otherwise DuckDB may join every session of the statement's days to its encounters first,
    -- ten rows a session, to keep the few of the eligible players' teams afterwards.
    select
        e.player_id,
        f.session_id,
        f.team_id,
        f.calendar_date,
        f.event_length_seconds,
        f.game_mode,
        f.kills,
        f.deaths
    from {{ ref('fact_session') }} as f
    inner join eligible as e
        on f.player_id = e.player_id
        and f.calendar_date between e.signup_date and e.signup_date + 6
    where f.calendar_date in {{ lake_partitions }}
),

sessions as (
    select
        player_id,
        count(distinct calendar_date) as days_played,
        count(*) as sessions,
        sum(event_length_seconds) as play_time_seconds,
        count(distinct game_mode) as modes_played,
        count(*) filter (where game_mode = 'battle_royale') as battle_royale_sessions,
        sum(kills) as kills,
        sum(deaths) as deaths
    from first_week_sessions
    group by player_id
),

encounters as (
    -- Encounters the player's team was part of, in sessions of the player's first week.
    select
        f.player_id,
        count(*) as encounters
    from {{ ref('stage_encounters') }} as x
    inner join first_week_sessions as f
        on x.session_id = f.session_id
        and f.team_id in (x.team_1_id, x.team_2_id)
    where x.session_start_date in {{ lake_partitions }}
    group by f.player_id
),

week_one_purchases as (
    select
        e.player_id,
        count(*) as purchases_w1,
        sum(t.purchase_price) as spend_w1,
        bool_or(t.transaction_type = 'BattlePass') as battle_pass_w1,
        count(*) filter (where d.tier = 'Premium') as premium_purchases_w1
    from eligible as e
    inner join {{ ref('fact_transaction') }} as t
        on t.player_id = e.player_id
        and t.calendar_date between e.signup_date and e.signup_date + 6
    inner join {{ ref('dim_products') }} as d on d.product_id = t.product_id
    where t.calendar_date in {{ lake_partitions }}
    group by e.player_id
),

later_purchases as (
    select distinct e.player_id
    from eligible as e
    inner join {{ ref('fact_transaction') }} as t
        on t.player_id = e.player_id
        and t.calendar_date between e.signup_date + 7 and e.signup_date + 36
        and not t.is_renewal
    where t.calendar_date in {{ lake_partitions }}
)

select
    e.player_id,
    e.signup_date,
    e.country,
    e.platform,
    e.language,
    e.age_band,
    e.device,
    e.acquisition_channel,
    e.marketing_opt_in,
    coalesce(s.signon_days, 0) as signon_days,
    coalesce(s.active_days_4_to_6, 0) as active_days_4_to_6,
    coalesce(s.weekend_signon_days, 0) as weekend_signon_days,
    coalesce(s.last_signon_day, -1) as last_signon_day,
    coalesce(f.days_played, 0) as days_played,
    coalesce(f.sessions, 0) as sessions,
    cast(coalesce(f.play_time_seconds, 0) as bigint) as play_time_seconds,
    coalesce(f.modes_played, 0) as modes_played,
    coalesce(f.battle_royale_sessions, 0) as battle_royale_sessions,
    cast(coalesce(f.kills, 0) as bigint) as kills,
    cast(coalesce(f.deaths, 0) as bigint) as deaths,
    -- K/D with one death added, so players who never died get a finite ratio.
    coalesce(f.kills, 0) / (coalesce(f.deaths, 0) + 1) as kd_ratio,
    coalesce(x.encounters, 0) as encounters,
    coalesce(w.purchases_w1, 0) as purchases_w1,
    coalesce(w.spend_w1, 0) as spend_w1,
    coalesce(w.battle_pass_w1, false) as battle_pass_w1,
    coalesce(w.premium_purchases_w1, 0) as premium_purchases_w1,
    isodow(e.signup_date) as signup_weekday,
    -- Content seasons are 91 days long from the first sign-up (the game's launch).
    cast(floor((e.signup_date - e.first_day) / 91) as integer) as signup_season,
    cast((e.signup_date - e.first_day) % 91 as integer) as signup_day_of_season,
    l.player_id is not null as label
from eligible as e
left join signons as s on s.player_id = e.player_id
left join sessions as f on f.player_id = e.player_id
left join encounters as x on x.player_id = e.player_id
left join week_one_purchases as w on w.player_id = e.player_id
left join later_purchases as l on l.player_id = e.player_id
order by e.player_id
