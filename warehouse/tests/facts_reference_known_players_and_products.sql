-- Every fact's player is in dim_players and every transaction's product in dim_products.
select 'fact_session' as fact, cast(f.player_id as varchar) as missing_key, count(*) as rows
from {{ ref('fact_session') }} as f anti join {{ ref('dim_players') }} as d on d.player_id = f.player_id
group by all
union all
select 'fact_signon', cast(f.player_id as varchar), count(*)
from {{ ref('fact_signon') }} as f anti join {{ ref('dim_players') }} as d on d.player_id = f.player_id
group by all
union all
select 'fact_transaction', cast(f.player_id as varchar), count(*)
from {{ ref('fact_transaction') }} as f anti join {{ ref('dim_players') }} as d on d.player_id = f.player_id
group by all
union all
select 'fact_transaction product', cast(f.product_id as varchar), count(*)
from {{ ref('fact_transaction') }} as f anti join {{ ref('dim_products') }} as d on d.product_id = f.product_id
group by all
union all
select 'stage_session_heartbeats', cast(f.player_id as varchar), count(*)
from {{ ref('stage_session_heartbeats') }} as f anti join {{ ref('dim_players') }} as d on d.player_id = f.player_id
group by all
