import {buildRule, type CompiledRule} from './compile-rule.js'
import type {RuleSyntax} from './matcher-table.js'

// Rules are parsed once: validating a routing table and compiling it for the proxy share the tree
// and closures. Catalog changes rarely change rules, so a small cache is enough; it is cleared
// whole when full. Errors are cached too (a bad rule stays bad).
const MAX = 2048
const cache = new Map<string, CompiledRule | Error>()

export function cachedRule(rule: string, syntax: RuleSyntax = 'v3'): CompiledRule {
  const key = `${syntax} ${rule}`
  let hit = cache.get(key)
  if (hit === undefined) {
    try {
      hit = buildRule(rule, syntax)
    } catch (err) {
      if (!(err instanceof Error)) throw err
      hit = err
    }
    if (cache.size >= MAX) cache.clear()
    cache.set(key, hit)
  }
  if (hit instanceof Error) throw hit
  return hit
}
