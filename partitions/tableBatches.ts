import {
  BoolColumn,
  DateColumn,
  DecimalColumn,
  DictionaryColumn,
  Float32Column,
  Int32Column,
  Int64Column,
  TimestampColumn,
  Utf8Column,
  type Column,
} from './columns.js';
import type { LakeTable } from './layout.js';

/**
 * The column builders of every lake table (CONTRACT §1, plus a few extra columns that analysts
 * asked for: region, platform, product_id, skill, and the players' profiles). A batch is filled row by row and flushed when
 * `rows` reaches `capacity`. Dictionaries are passed in so the storage layer does not depend on
 * the world's lists.
 */
export interface Dictionaries {
  countries: readonly string[];
  regions: readonly string[];
  platforms: readonly string[];
  archetypes: readonly string[];
  spenderSegments: readonly string[];
  gameModes: readonly string[];
  skus: readonly string[];
  transactionTypes: readonly string[];
  cycles: readonly string[];
  languages: readonly string[];
  ageBands: readonly string[];
  devices: readonly string[];
  acquisitionChannels: readonly string[];
}

/** Bytes reserved per gamertag: the column grows if a batch needs more. */
const GAMERTAG_BYTES_PER_ROW = 16;

export abstract class TableBatch {
  rows = 0;
  constructor(readonly table: LakeTable, readonly capacity: number) {}
  abstract columns(): Column[];
  get full(): boolean {
    return this.rows >= this.capacity;
  }
}

export class HeartbeatBatch extends TableBatch {
  readonly playerId: Int64Column;
  readonly eventDatetime: TimestampColumn;
  readonly teamId: Int64Column;
  readonly sessionId: Int64Column;
  readonly x: Float32Column;
  readonly y: Float32Column;
  readonly z: Float32Column;
  constructor(capacity: number) {
    super('heartbeats', capacity);
    // One player's run of ~26 beats shares its ids.
    this.playerId = new Int64Column('player_id', capacity, { repeats: true });
    this.eventDatetime = new TimestampColumn('event_datetime', capacity);
    this.teamId = new Int64Column('team_id', capacity, { repeats: true });
    this.sessionId = new Int64Column('session_id', capacity, { repeats: true });
    this.x = new Float32Column('position_x', capacity);
    this.y = new Float32Column('position_y', capacity);
    this.z = new Float32Column('position_z', capacity);
  }
  columns(): Column[] {
    return [this.playerId, this.eventDatetime, this.teamId, this.sessionId, this.x, this.y, this.z];
  }
}

export class SignonBatch extends TableBatch {
  readonly playerId: Int64Column;
  readonly eventDatetime: TimestampColumn;
  readonly country: DictionaryColumn;
  readonly platform: DictionaryColumn;
  constructor(capacity: number, dict: Dictionaries) {
    super('signons', capacity);
    this.playerId = new Int64Column('player_id', capacity);
    this.eventDatetime = new TimestampColumn('event_datetime', capacity);
    this.country = new DictionaryColumn('country', capacity, dict.countries);
    this.platform = new DictionaryColumn('platform', capacity, dict.platforms);
  }
  columns(): Column[] {
    return [this.playerId, this.eventDatetime, this.country, this.platform];
  }
}

export class SessionBatch extends TableBatch {
  readonly playerId: Int64Column;
  readonly sessionId: Int64Column;
  readonly teamId: Int64Column;
  readonly eventDatetime: TimestampColumn;
  readonly country: DictionaryColumn;
  readonly lengthSeconds: Int32Column;
  readonly kills: Int32Column;
  readonly deaths: Int32Column;
  readonly gameMode: DictionaryColumn;
  readonly region: DictionaryColumn;
  readonly platform: DictionaryColumn;
  constructor(capacity: number, dict: Dictionaries) {
    super('sessions', capacity);
    this.playerId = new Int64Column('player_id', capacity);
    this.sessionId = new Int64Column('session_id', capacity);
    this.teamId = new Int64Column('team_id', capacity);
    this.eventDatetime = new TimestampColumn('event_datetime', capacity);
    this.country = new DictionaryColumn('country', capacity, dict.countries);
    this.lengthSeconds = new Int32Column('event_length_seconds', capacity);
    this.kills = new Int32Column('kills', capacity);
    this.deaths = new Int32Column('deaths', capacity);
    this.gameMode = new DictionaryColumn('game_mode', capacity, dict.gameModes);
    this.region = new DictionaryColumn('region', capacity, dict.regions);
    this.platform = new DictionaryColumn('platform', capacity, dict.platforms);
  }
  columns(): Column[] {
    return [this.playerId, this.sessionId, this.teamId, this.eventDatetime, this.country, this.lengthSeconds, this.kills, this.deaths, this.gameMode, this.region, this.platform];
  }
}

export class TransactionBatch extends TableBatch {
  readonly transactionId: Int64Column;
  readonly playerId: Int64Column;
  readonly eventDatetime: TimestampColumn;
  readonly purchaseItem: DictionaryColumn;
  readonly purchasePrice: DecimalColumn;
  readonly currency: DictionaryColumn;
  readonly isRecurring: BoolColumn;
  readonly cycle: DictionaryColumn;
  readonly transactionType: DictionaryColumn;
  readonly productId: Int32Column;
  readonly country: DictionaryColumn;
  /** A battle-pass billing after the first purchase, so analysts can tell renewals from purchases. */
  readonly isRenewal: BoolColumn;
  constructor(capacity: number, dict: Dictionaries) {
    super('transactions', capacity);
    this.transactionId = new Int64Column('transaction_id', capacity);
    this.playerId = new Int64Column('player_id', capacity);
    this.eventDatetime = new TimestampColumn('event_datetime', capacity);
    this.purchaseItem = new DictionaryColumn('purchase_item', capacity, dict.skus);
    this.purchasePrice = new DecimalColumn('purchase_price', capacity);
    this.currency = new DictionaryColumn('currency', capacity, ['USD']);
    this.isRecurring = new BoolColumn('is_recurring', capacity);
    this.cycle = new DictionaryColumn('cycle', capacity, dict.cycles, true);
    this.transactionType = new DictionaryColumn('transaction_type', capacity, dict.transactionTypes);
    this.productId = new Int32Column('product_id', capacity);
    this.country = new DictionaryColumn('country', capacity, dict.countries);
    this.isRenewal = new BoolColumn('is_renewal', capacity);
  }
  columns(): Column[] {
    return [this.transactionId, this.playerId, this.eventDatetime, this.purchaseItem, this.purchasePrice, this.currency, this.isRecurring, this.cycle, this.transactionType, this.productId, this.country, this.isRenewal];
  }
}

export class PlayerBatch extends TableBatch {
  readonly playerId: Int64Column;
  readonly signupDate: DateColumn;
  readonly country: DictionaryColumn;
  readonly platform: DictionaryColumn;
  readonly archetype: DictionaryColumn;
  readonly spenderSegment: DictionaryColumn;
  readonly churnDate: DateColumn;
  readonly region: DictionaryColumn;
  readonly skill: Float32Column;
  readonly gamertag: Utf8Column;
  readonly language: DictionaryColumn;
  readonly ageBand: DictionaryColumn;
  readonly device: DictionaryColumn;
  readonly acquisitionChannel: DictionaryColumn;
  readonly marketingOptIn: BoolColumn;
  constructor(capacity: number, dict: Dictionaries) {
    super('players', capacity);
    this.playerId = new Int64Column('player_id', capacity);
    this.signupDate = new DateColumn('signup_date', capacity);
    this.country = new DictionaryColumn('country', capacity, dict.countries);
    this.platform = new DictionaryColumn('platform', capacity, dict.platforms);
    this.archetype = new DictionaryColumn('archetype', capacity, dict.archetypes);
    this.spenderSegment = new DictionaryColumn('spender_segment', capacity, dict.spenderSegments);
    this.churnDate = new DateColumn('churn_date', capacity, true);
    this.region = new DictionaryColumn('region', capacity, dict.regions);
    this.skill = new Float32Column('skill', capacity);
    this.gamertag = new Utf8Column('gamertag', capacity, GAMERTAG_BYTES_PER_ROW);
    this.language = new DictionaryColumn('language', capacity, dict.languages);
    this.ageBand = new DictionaryColumn('age_band', capacity, dict.ageBands);
    this.device = new DictionaryColumn('device', capacity, dict.devices);
    this.acquisitionChannel = new DictionaryColumn('acquisition_channel', capacity, dict.acquisitionChannels);
    this.marketingOptIn = new BoolColumn('marketing_opt_in', capacity);
  }
  columns(): Column[] {
    return [
      this.playerId,
      this.signupDate,
      this.country,
      this.platform,
      this.archetype,
      this.spenderSegment,
      this.churnDate,
      this.region,
      this.skill,
      this.gamertag,
      this.language,
      this.ageBand,
      this.device,
      this.acquisitionChannel,
      this.marketingOptIn,
    ];
  }
}

/** Products are few (about 40): plain strings are fine here. */
export class ProductBatch extends TableBatch {
  readonly productId: Int32Column;
  readonly productSku: DictionaryColumn;
  readonly productName: DictionaryColumn;
  readonly tier: DictionaryColumn;
  readonly priceUsd: DecimalColumn;
  readonly transactionType: DictionaryColumn;
  readonly isRecurring: BoolColumn;
  readonly cycle: DictionaryColumn;
  constructor(capacity: number, dict: Dictionaries, names: readonly string[]) {
    super('products', capacity);
    this.productId = new Int32Column('product_id', capacity);
    this.productSku = new DictionaryColumn('product_sku', capacity, dict.skus);
    this.productName = new DictionaryColumn('product_name', capacity, names);
    this.tier = new DictionaryColumn('tier', capacity, ['Premium', 'Standard']);
    this.priceUsd = new DecimalColumn('price_usd', capacity);
    this.transactionType = new DictionaryColumn('transaction_type', capacity, dict.transactionTypes);
    this.isRecurring = new BoolColumn('is_recurring', capacity);
    this.cycle = new DictionaryColumn('cycle', capacity, dict.cycles, true);
  }
  columns(): Column[] {
    return [this.productId, this.productSku, this.productName, this.tier, this.priceUsd, this.transactionType, this.isRecurring, this.cycle];
  }
}
