-- CONTRACT §1: a transaction's purchase_price is its product's price_usd, and its sku the product's.
select t.transaction_id, t.product_id, t.purchase_item, p.product_sku, t.purchase_price, p.price_usd
from {{ ref('fact_transaction') }} as t
inner join {{ ref('dim_products') }} as p on p.product_id = t.product_id
where t.purchase_price <> p.price_usd or t.purchase_item <> p.product_sku
