// "did you mean …" for typos in keys and enum values.

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0
  let prev = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
    }
    prev = cur
  }
  return prev[b.length]!
}

/** The closest candidate within a distance that still reads as a typo, or undefined. */
export function suggestNearest(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(word.length / 3)))
  let best: string | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase())
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  if (bestDistance <= limit) return best
  // A singular or truncated key ("proxy", "election") still points at its longer sibling.
  const stem = word.toLowerCase().replace(/y$/, '')
  return word.length >= 4 ? candidates.find((c) => c.toLowerCase().startsWith(stem)) : undefined
}
