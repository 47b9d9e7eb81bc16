// Constraint and affinity operands over node targets: `${node.*}`, `${attr.*}`, `${meta.*}`.
import {nodeVariable, type Node} from '../model/node.js'
import {compileGoRegexp, type GoRegexp} from '../lib/go-regexp.js'
import {versionMatches} from './version.js'

/** Resolves a target to its value on a node; undefined when the node does not have it. */
export function resolveTarget(target: string, node: Node): string | undefined {
  if (!target.startsWith('${')) return target
  return nodeVariable(target.slice(2, -1), node)
}

export type TargetResolver = (node: Node) => string | undefined

/** resolveTarget for one target, parsed once (for targets read on every node scored). */
export function targetResolver(target: string): TargetResolver {
  if (!target.startsWith('${')) return () => target
  const name = target.slice(2, -1)
  if (name === 'node.unique.id') return (n) => n.ID
  if (name === 'node.unique.name') return (n) => n.Name
  if (name === 'node.datacenter') return (n) => n.Datacenter
  if (name === 'node.class') return (n) => n.NodeClass
  if (name === 'node.pool') return (n) => n.NodePool
  if (name.startsWith('attr.')) {
    const k = name.slice(5)
    return (n) => n.Attributes[k]
  }
  if (name.startsWith('meta.')) {
    const k = name.slice(5)
    return (n) => n.Meta[k]
  }
  return (n) => nodeVariable(name, n)
}

// Nomad compiles `regexp` targets with Go's regexp package (RE2 syntax: `(?i)`, `\pL`, no
// lookaround); a pattern that does not compile never matches.
const regexCache = new Map<string, GoRegexp | null>()

function compileRegex(src: string): GoRegexp | null {
  let re = regexCache.get(src)
  if (re === undefined) {
    try {
      re = compileGoRegexp(src)
    } catch {
      re = null
    }
    regexCache.set(src, re)
  }
  return re
}

function splitSet(s: string): string[] {
  return s.split(',').map((x) => x.trim())
}

function compareOrder(l: string, r: string): number {
  const ln = Number(l)
  const rn = Number(r)
  if (l.trim() !== '' && r.trim() !== '' && Number.isFinite(ln) && Number.isFinite(rn)) return ln - rn
  return l < r ? -1 : l > r ? 1 : 0
}

/** Evaluates one operand. `l` is undefined when the left target is missing on the node. */
export function checkOperand(operand: string, l: string | undefined, r: string | undefined): boolean {
  switch (operand) {
    case 'is_set':
      return l !== undefined
    case 'is_not_set':
      return l === undefined
  }
  if (l === undefined || r === undefined) return false
  switch (operand) {
    case '=':
    case '==':
    case 'is':
    case '':
      return l === r
    case '!=':
    case 'not':
      return l !== r
    case '<':
      return compareOrder(l, r) < 0
    case '<=':
      return compareOrder(l, r) <= 0
    case '>':
      return compareOrder(l, r) > 0
    case '>=':
      return compareOrder(l, r) >= 0
    case 'regexp':
      return compileRegex(r)?.test(l) ?? false
    case 'set_contains':
    case 'set_contains_all': {
      const have = new Set(splitSet(l))
      return splitSet(r).every((x) => have.has(x))
    }
    case 'set_contains_any': {
      const have = new Set(splitSet(l))
      return splitSet(r).some((x) => have.has(x))
    }
    case 'version':
      return versionMatches(l, r, false)
    case 'semver':
      return versionMatches(l, r, true)
    default:
      return false
  }
}

export function matchesNode(c: {LTarget: string; RTarget: string; Operand: string}, node: Node): boolean {
  return checkOperand(c.Operand, resolveTarget(c.LTarget, node), resolveTarget(c.RTarget, node))
}

/** Nomad's reason string for a filtered constraint: "${attr.kernel.name} = windows". */
export function constraintReason(c: {LTarget: string; RTarget: string; Operand: string}): string {
  return [c.LTarget, c.Operand, c.RTarget].filter((x) => x !== '').join(' ')
}

/** Glob match with `*` wildcards, as datacenters accept. */
const globCache = new Map<string, RegExp>()

export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true
  if (!pattern.includes('*')) return pattern === value
  let re = globCache.get(pattern)
  if (!re) {
    re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$')
    globCache.set(pattern, re)
  }
  return re.test(value)
}
