-- One row per player and day with a sign-on: the activity daily_kpis and retention count.
-- materialized: incremental
-- partition_by: partition_date
-- test not_null: player_id, event_datetime, calendar_date
-- test unique: player_id, calendar_date
-- test relationships: player_id -> dim_players.player_id
select
    player_id,
    event_datetime,
    cast(event_datetime as date) as calendar_date,
    country,
    platform,
    partition_date
from {{ source('sprint_raw', 'event_signons') }}
where partition_date in {{ partitions }}
