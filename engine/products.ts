/**
 * The store's catalog: 40 products. Battle passes are subscriptions (monthly or yearly) in two
 * tiers; skins and emotes are one-off purchases. Prices are in USD cents so that money never goes
 * through binary floating point on its way to DECIMAL(12,2).
 */

export type TransactionType = 'BattlePass' | 'Skin' | 'Emote';
export type Tier = 'Premium' | 'Standard';
export type Cycle = 'M' | 'Y';

export interface Product {
  productId: number;
  sku: string;
  name: string;
  tier: Tier;
  priceCents: number;
  transactionType: TransactionType;
  isRecurring: boolean;
  cycle: Cycle | null;
}

const SKIN_THEMES = ['Neon', 'Arctic', 'Inferno', 'Phantom', 'Jungle', 'Chrome', 'Desert', 'Samurai', 'Galaxy', 'Toxic'];
const EMOTE_MOVES = ['Victory Dance', 'Salute', 'Facepalm', 'Moonwalk', 'Air Guitar', 'Slow Clap', 'Flex', 'Shrug'];

function buildCatalog(): Product[] {
  const products: Product[] = [];
  const add = (p: Omit<Product, 'productId'>) => products.push({ productId: products.length + 1, ...p });
  for (const tier of ['Premium', 'Standard'] as const) {
    for (const cycle of ['M', 'Y'] as const) {
      const priceCents = tier === 'Premium' ? (cycle === 'M' ? 999 : 8999) : cycle === 'M' ? 499 : 4499;
      add({
        sku: `BP-${tier === 'Premium' ? 'PRM' : 'STD'}-${cycle}`,
        name: `Battle Pass ${tier} (${cycle === 'M' ? 'monthly' : 'yearly'})`,
        tier,
        priceCents,
        transactionType: 'BattlePass',
        isRecurring: true,
        cycle,
      });
    }
  }
  SKIN_THEMES.forEach((theme, i) => {
    add({ sku: `SKN-PRM-${String(i + 1).padStart(2, '0')}`, name: `${theme} Skin Deluxe`, tier: 'Premium', priceCents: 1499 + (i % 3) * 500, transactionType: 'Skin', isRecurring: false, cycle: null });
    add({ sku: `SKN-STD-${String(i + 1).padStart(2, '0')}`, name: `${theme} Skin`, tier: 'Standard', priceCents: 499 + (i % 3) * 250, transactionType: 'Skin', isRecurring: false, cycle: null });
  });
  EMOTE_MOVES.forEach((move, i) => {
    add({ sku: `EMT-PRM-${String(i + 1).padStart(2, '0')}`, name: `${move} (animated)`, tier: 'Premium', priceCents: 499 + (i % 2) * 300, transactionType: 'Emote', isRecurring: false, cycle: null });
    add({ sku: `EMT-STD-${String(i + 1).padStart(2, '0')}`, name: move, tier: 'Standard', priceCents: 99 + (i % 3) * 100, transactionType: 'Emote', isRecurring: false, cycle: null });
  });
  return products;
}

export const PRODUCTS: readonly Product[] = Object.freeze(buildCatalog().map((p) => Object.freeze(p)));

export function battlePassProduct(tier: Tier, cycle: Cycle): Product {
  return PRODUCTS.find((p) => p.transactionType === 'BattlePass' && p.tier === tier && p.cycle === cycle)!;
}

/** One-off items of a tier, for purchase draws. */
export const ITEMS_BY_TIER: Readonly<Record<Tier, readonly Product[]>> = Object.freeze({
  Premium: PRODUCTS.filter((p) => !p.isRecurring && p.tier === 'Premium'),
  Standard: PRODUCTS.filter((p) => !p.isRecurring && p.tier === 'Standard'),
});

export const CYCLE_DAYS: Readonly<Record<Cycle, number>> = Object.freeze({ M: 30, Y: 365 });
