import { PRODUCTS } from '../engine/products.js';
import { REGIONS } from '../engine/countries.js';
import { COUNTRIES } from '../engine/countries.js';
import { createPlayerProfile, drawPlayerProfile } from '../engine/profiles/index.js';
import type { PlayerTraits } from '../engine/players.js';
import type { World } from '../engine/world.js';
import { dimensionFilePath } from '../partitions/layout.js';
import { ParquetFileWriter, type WrittenFile } from '../partitions/parquetFileWriter.js';
import { PlayerBatch, ProductBatch } from '../partitions/tableBatches.js';
import { DICTIONARIES } from './dictionaries.js';

const PLAYER_BATCH_ROWS = 1 << 16;
const REGION_OF_COUNTRY = COUNTRIES.map((c) => REGIONS.indexOf(c.region));

/** `players/part-players-bNNNN.parquet`: every player of one block, in id order. */
export async function writePlayersFile(world: World, traits: PlayerTraits, lakeRoot: string, unitName: string): Promise<WrittenFile> {
  const { startEpochDay, days } = world.params;
  const writer = new ParquetFileWriter(lakeRoot, dimensionFilePath('players', unitName), 'players');
  const batch = new PlayerBatch(PLAYER_BATCH_ROWS, DICTIONARIES);
  const profile = createPlayerProfile();
  try {
    for (let i = 0; i < traits.count; i++) {
      const row = batch.rows++;
      const index = traits.index[i]!;
      batch.playerId.set(row, index + 1);
      batch.signupDate.set(row, startEpochDay + traits.signupDay[i]!);
      batch.country.set(row, traits.country[i]!);
      batch.platform.set(row, traits.platform[i]!);
      batch.archetype.set(row, traits.archetype[i]!);
      batch.spenderSegment.set(row, traits.spender[i]!);
      batch.churnDate.set(row, traits.churnDay[i]! < days ? startEpochDay + traits.churnDay[i]! : null);
      batch.region.set(row, REGION_OF_COUNTRY[traits.country[i]!]!);
      batch.skill.set(row, traits.skill[i]!);
      drawPlayerProfile(world.seed, index, traits.country[i]!, traits.platform[i]!, profile);
      batch.gamertag.setBytes(row, profile.gamertag, profile.gamertagLength);
      batch.language.set(row, profile.language);
      batch.ageBand.set(row, profile.ageBand);
      batch.device.set(row, profile.device);
      batch.acquisitionChannel.set(row, profile.channel);
      batch.marketingOptIn.set(row, profile.marketingOptIn);
      if (batch.full) {
        writer.write(batch);
        batch.rows = 0;
        await writer.drain();
      }
    }
    writer.write(batch);
    return await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** `products/part-products.parquet`: the catalog. */
export async function writeProductsFile(lakeRoot: string, unitName: string): Promise<WrittenFile> {
  const writer = new ParquetFileWriter(lakeRoot, dimensionFilePath('products', unitName), 'products');
  const batch = new ProductBatch(PRODUCTS.length, DICTIONARIES, PRODUCTS.map((p) => p.name));
  PRODUCTS.forEach((product, index) => {
    const row = batch.rows++;
    batch.productId.set(row, product.productId);
    batch.productSku.set(row, index);
    batch.productName.set(row, index);
    batch.tier.set(row, product.tier === 'Premium' ? 0 : 1);
    batch.priceUsd.setCents(row, product.priceCents);
    batch.transactionType.set(row, DICTIONARIES.transactionTypes.indexOf(product.transactionType));
    batch.isRecurring.set(row, product.isRecurring);
    batch.cycle.set(row, product.cycle === null ? null : DICTIONARIES.cycles.indexOf(product.cycle));
  });
  writer.write(batch);
  return writer.close();
}
