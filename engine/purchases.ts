import { SPENDER_SEGMENTS } from './config.js';
import { Purpose, uniform } from './random.js';
import { CYCLE_DAYS, ITEMS_BY_TIER, PRODUCTS, battlePassProduct } from './products.js';
import { archetypeChances, seasonLift, signsOn } from './activity.js';
import { desiredStartSecond, signonSecond } from './sessionTiming.js';
import { ensurePlayTraits, type PlayerTraits } from './players.js';
import type { World } from './world.js';

/**
 * Spending. Most players never pay; the few who do buy skins and emotes on days they sign on,
 * whales often and at the Premium tier. Some payers subscribe to a battle pass: bought on a day
 * they play, then renewed every cycle, whether or not they play that day, until they churn or
 * cancel. Each subscription is a pure function of the player, so any day's renewals can be
 * computed without the days before it.
 */

export interface Subscriptions {
  /** Slots (indices into the block's traits) of players who ever subscribe. */
  slots: Int32Array;
  startDay: Int32Array;
  cycleDays: Int32Array;
  cycles: Int32Array;
  productIndex: Int32Array;
  /** Second of the UTC day of the first purchase; renewals bill at the same time. */
  second: Int32Array;
}

const SEARCH_DAYS = 60;

export function computeSubscriptions(world: World, traits: PlayerTraits): Subscriptions {
  const { seed } = world;
  const { config } = world.params;
  const chances = archetypeChances(config);
  const found: number[][] = [[], [], [], [], [], []];
  const passChance = Float64Array.from(SPENDER_SEGMENTS.map((segment) => config.purchases.spenders[segment].battlePassChance));
  for (let i = 0; i < traits.count; i++) {
    // Most players never pay: no draw can make them subscribe, so none is taken.
    const chance = passChance[traits.spender[i]!]!;
    if (chance <= 0) continue;
    const index = traits.index[i]!;
    if (uniform(seed, index, Purpose.battlePass) >= chance) continue;
    const from = traits.signupDay[i]! + Math.floor(28 * uniform(seed, index, Purpose.battlePass, 1));
    const until = Math.min(traits.churnDay[i]!, from + SEARCH_DAYS, world.params.days);
    let start = -1;
    for (let day = from; day < until && start < 0; day++) {
      if (signsOn(world, traits, chances, seasonLift(config, day), i, day)) start = day;
    }
    if (start < 0) continue;
    ensurePlayTraits(world, traits, i);
    const cycle = uniform(seed, index, Purpose.cycle) < config.purchases.yearlyPassShare ? 'Y' : 'M';
    const tier = uniform(seed, index, Purpose.cycle, 1) < config.purchases.premiumPassShare ? 'Premium' : 'Standard';
    const keepChance = 1 - config.purchases.cancelChancePerCycle;
    const cycles = keepChance <= 0 ? 1 : 1 + Math.floor(Math.log(1 - uniform(seed, index, Purpose.cycle, 2)) / Math.log(keepChance));
    const playAt = desiredStartSecond(seed, config.sessions, index, start, traits.country[i]!);
    const signon = signonSecond(seed, config.sessions, index, start, playAt);
    found[0]!.push(i);
    found[1]!.push(start);
    found[2]!.push(CYCLE_DAYS[cycle]);
    found[3]!.push(Math.max(1, Math.min(cycles, 1_000_000)));
    found[4]!.push(PRODUCTS.indexOf(battlePassProduct(tier, cycle)));
    found[5]!.push(purchaseSecond(seed, index, start, signon, 0));
  }
  const [slots, startDay, cycleDays, cycles, productIndex, second] = found.map((list) => Int32Array.from(list));
  return { slots: slots!, startDay: startDay!, cycleDays: cycleDays!, cycles: cycles!, productIndex: productIndex!, second: second! };
}

/** Purchases happen a little after sign-on, inside the same UTC day. */
export function purchaseSecond(seed: number, playerIndex: number, day: number, signon: number, nth: number): number {
  return Math.min(86_399, signon + 30 + Math.floor(1800 * uniform(seed, playerIndex, Purpose.purchaseItem, day * 4 + nth + 2)));
}

/**
 * The one-off items a signed-on player buys on `day`: calls `emit(productIndex, nth)` for each.
 */
export function itemPurchases(world: World, traits: PlayerTraits, i: number, day: number, emit: (productIndex: number, nth: number) => void): void {
  const spender = world.params.config.purchases.spenders[SPENDER_SEGMENTS[traits.spender[i]!]!];
  if (spender.purchaseChancePerActiveDay <= 0) return;
  const index = traits.index[i]!;
  const { seed } = world;
  if (uniform(seed, index, Purpose.purchase, day) >= spender.purchaseChancePerActiveDay) return;
  const count = spender.premiumChance > 0.5 && uniform(seed, index, Purpose.purchase, day + 0x40000) < 0.3 ? 2 : 1;
  for (let nth = 0; nth < count; nth++) {
    const tier = uniform(seed, index, Purpose.purchaseItem, day * 4 + nth) < spender.premiumChance ? 'Premium' : 'Standard';
    const items = ITEMS_BY_TIER[tier];
    const item = items[Math.floor(uniform(seed, index, Purpose.purchaseItem, day * 4 + nth + 1) * items.length)]!;
    emit(PRODUCTS.indexOf(item), nth);
  }
}

/** Whether subscriber `s` is billed on `day` (first purchase or renewal). */
export function billsOn(subs: Subscriptions, traits: PlayerTraits, s: number, day: number): boolean {
  const start = subs.startDay[s]!;
  if (day < start || day >= traits.churnDay[subs.slots[s]!]!) return false;
  const elapsed = day - start;
  return elapsed % subs.cycleDays[s]! === 0 && elapsed / subs.cycleDays[s]! < subs.cycles[s]!;
}
