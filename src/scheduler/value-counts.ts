// Counts of allocations by a node property's value (Nomad's propertySet use map), with the
// smallest and largest count kept as counts change by one: even-spread scoring reads both
// for every node it scores, so they must not cost a walk over every value.
export class ValueCounts {
  private readonly counts = new Map<string, number>()
  private readonly withCount = new Map<number, number>() // count -> how many values have it
  min = 0 // over values with a count (0 when there are none)
  max = 0

  get size(): number {
    return this.counts.size
  }

  get(value: string): number {
    return this.counts.get(value) ?? 0
  }

  add(value: string, d: 1 | -1): void {
    const old = this.counts.get(value) ?? 0
    const now = old + d
    if (now < 0) return
    if (old > 0) this.bump(old, -1)
    if (now > 0) {
      this.counts.set(value, now)
      this.bump(now, 1)
    } else this.counts.delete(value)
    if (this.counts.size === 0) {
      this.min = this.max = 0
      return
    }
    if (d === 1) {
      if (now > this.max) this.max = now
      if (old === 0 || this.min === 0) this.min = 1
      else if (old === this.min && !this.withCount.has(old)) this.min = now
      return
    }
    if (now > 0 && now < this.min) this.min = now
    if (old === this.max && !this.withCount.has(old)) this.max = old - 1
    if (old === this.min && !this.withCount.has(old) && now === 0) this.min = this.smallestCount()
  }

  private bump(count: number, d: number): void {
    const n = (this.withCount.get(count) ?? 0) + d
    if (n > 0) this.withCount.set(count, n)
    else this.withCount.delete(count)
  }

  // Only when the last value at the minimum disappears: a walk over distinct counts, not values.
  private smallestCount(): number {
    let m = Infinity
    for (const c of this.withCount.keys()) if (c < m) m = c
    return m === Infinity ? 0 : m
  }
}
