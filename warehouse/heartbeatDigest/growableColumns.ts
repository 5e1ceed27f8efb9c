/** A column of doubles that grows as rows are pushed; `values()` is the filled part. */
export class GrowableColumn {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const larger = new Float64Array(this.data.length * 2);
      larger.set(this.data);
      this.data = larger;
    }
    this.data[this.length++] = value;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** Named columns filled row by row; `rows` counts the rows pushed to the first one. */
export type ColumnSet<Name extends string> = Record<Name, GrowableColumn>;

export function columnSet<Name extends string>(names: readonly Name[]): ColumnSet<Name> {
  return Object.fromEntries(names.map((name) => [name, new GrowableColumn()])) as ColumnSet<Name>;
}

/** The filled part of each column, as plain arrays that can be moved to another thread. */
export function columnValues<Name extends string>(set: ColumnSet<Name>): Record<Name, Float64Array> {
  return Object.fromEntries(Object.entries<GrowableColumn>(set).map(([name, column]) => [name, column.values().slice()])) as Record<Name, Float64Array>;
}
