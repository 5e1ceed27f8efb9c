-- The product catalogue: what a transaction's product_id and purchase_item point at.
-- materialized: table
-- test not_null: product_id, product_sku, price_usd, transaction_type
-- test unique: product_id
-- test unique: product_sku
-- test accepted_values: tier in ('Premium', 'Standard')
-- test accepted_values: transaction_type in ('BattlePass', 'Skin', 'Emote')
-- test accepted_values: cycle in ('M', 'Y')
-- test expression: price_usd >= 0
select *
from {{ source('sprint_raw', 'products') }}
order by product_id
