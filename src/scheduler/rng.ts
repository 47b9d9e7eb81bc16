// Seeded randomness: the same evaluation id always yields the same placements, so a surprising
// placement can be replayed.

export type Rng = () => number // uniform in [0, 1)

function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0]
}

/** sfc32 seeded from a string. */
// The state lives in an Int32Array: in closure variables, every word past 2^30 was stored as a
// fresh heap number, four allocations per draw.
export function createRng(seed: string): Rng {
  const s = Int32Array.from(hashSeed(seed))
  return () => {
    const a = s[0]!
    const b = s[1]!
    const c = s[2]!
    const d = (s[3]! + 1) | 0
    const t = (((a + b) | 0) + d) | 0
    s[0] = b ^ (b >>> 9)
    s[1] = (c + (c << 3)) | 0
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0
    s[3] = d
    return (t >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const tmp = out[i]!
    out[i] = out[j]!
    out[j] = tmp
  }
  return out
}

export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

const MIN_BITS = 6
const MAX_INITIAL_BITS = 15

/** 2^bits copies of v, in an array of small ints allocated once at its size. */
function filled(bits: number, v: number): number[] {
  return new Array<number>(1 << bits).fill(v)
}

/** A moved-positions table: `touched` lists the slots written, so it is cleared in O(draws). */
interface Table {
  keys: number[]
  vals: number[]
  touched: number[]
}

// Tables given back by finished shuffles, by size in bits. One shuffle is made per evaluation,
// and a fresh table is 4-8 KB of young garbage per evaluation at 50,000 nodes (about half a
// microsecond per placement in collections and evicted cache lines).
const spare: Table[][] = []
const MAX_SPARE = 4

function takeTable(bits: number): Table {
  return spare[bits]?.pop() ?? {keys: filled(bits, -1), vals: filled(bits, 0), touched: []}
}

function giveBack(bits: number, t: Table): void {
  const list = (spare[bits] ??= [])
  if (list.length >= MAX_SPARE) return
  for (let k = 0; k < t.touched.length; k++) t.keys[t.touched[k]!] = -1
  t.touched.length = 0
  list.push(t)
}

/**
 * A seeded permutation of 0..n-1 drawn lazily (Fisher–Yates, one step per position asked
 * for), so a placement that looks at k nodes costs O(k), not O(n), however big the cluster.
 * The positions moved so far live in a small open-addressing table of ints (a position once
 * drawn is never read again, so nothing is ever deleted): no Map operations and no garbage per
 * step. The table is plain arrays of small ints, not typed arrays (a typed array's backing store
 * is allocated outside the young generation), taken from the tables of finished shuffles when
 * there is one (release()).
 */
export class LazyShuffle {
  private keys: number[] // position, -1 = empty slot
  private vals: number[] // the value now at that position
  private touched: number[] // the slots of `keys` written
  private bits: number
  private used = 0
  private released = false
  private readonly order: number[] = []

  /** `expected`: how many draws the caller expects, to size the table once (it grows past them). */
  constructor(
    readonly size: number,
    private readonly rng: Rng,
    expected = 0,
  ) {
    let bits = MIN_BITS
    while (bits < MAX_INITIAL_BITS && 1 << bits < 2 * (Math.min(expected, size) + 1)) bits++
    this.bits = bits
    const t = takeTable(bits)
    this.keys = t.keys
    this.vals = t.vals
    this.touched = t.touched
  }

  at(k: number): number {
    const order = this.order
    if (order.length <= k && this.released) throw new Error('LazyShuffle: drawing after release()')
    while (order.length <= k) {
      const i = order.length
      const j = i + Math.floor(this.rng() * (this.size - i))
      const vj = this.get(j)
      if (j !== i) this.put(j, this.get(i))
      order.push(vj)
    }
    return order[k]!
  }

  /** Gives the table back for the next shuffle; positions drawn so far can still be read. */
  release(): void {
    if (this.released) return
    this.released = true
    giveBack(this.bits, {keys: this.keys, vals: this.vals, touched: this.touched})
    this.keys = this.vals = this.touched = []
  }

  private slot(p: number): number {
    const mask = (1 << this.bits) - 1
    let h = Math.imul(p, 0x9e3779b1) >>> (32 - this.bits)
    while (this.keys[h] !== -1 && this.keys[h] !== p) h = (h + 1) & mask
    return h
  }

  private get(p: number): number {
    const h = this.slot(p)
    return this.keys[h] === p ? this.vals[h]! : p
  }

  private put(p: number, v: number): void {
    let h = this.slot(p)
    if (this.keys[h] !== p) {
      if (2 * (this.used + 1) > this.keys.length) {
        this.grow()
        h = this.slot(p)
      }
      this.keys[h] = p
      this.touched.push(h)
      this.used++
    }
    this.vals[h] = v
  }

  private grow(): void {
    const {keys, vals} = this
    this.bits++
    this.keys = filled(this.bits, -1)
    this.vals = filled(this.bits, 0)
    this.touched = []
    for (let h = 0; h < keys.length; h++) {
      if (keys[h] === -1) continue
      const t = this.slot(keys[h]!)
      this.keys[t] = keys[h]!
      this.vals[t] = vals[h]!
      this.touched.push(t)
    }
  }
}
