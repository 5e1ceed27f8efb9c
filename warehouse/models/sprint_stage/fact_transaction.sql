-- One row per purchase or renewal, priced in USD.
-- materialized: incremental
-- partition_by: partition_date
-- test not_null: transaction_id, player_id, event_datetime, purchase_item, purchase_price, product_id, country, is_renewal
-- test expression: not is_renewal or transaction_type = 'BattlePass'
-- test unique: transaction_id
-- test accepted_values: currency in ('USD')
-- test accepted_values: transaction_type in ('BattlePass', 'Skin', 'Emote')
-- test expression: purchase_price >= 0
-- test relationships: player_id -> dim_players.player_id
-- test relationships: product_id -> dim_products.product_id
-- test relationships: purchase_item -> dim_products.product_sku
select
    transaction_id,
    player_id,
    event_datetime,
    cast(event_datetime as date) as calendar_date,
    purchase_item,
    purchase_price,
    currency,
    is_recurring,
    cycle,
    transaction_type,
    product_id,
    country,
    is_renewal,
    partition_date
from {{ source('sprint_raw', 'event_transaction') }}
where partition_date in {{ partitions }}
