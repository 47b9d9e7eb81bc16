import type {RuleNode} from './ast.js'

/** Hosts named by Host (and v2 HostHeader) matchers that are not negated, lower-cased, without repeats. */
export function positiveHosts(tree: RuleNode): string[] {
  const out = new Set<string>()
  const walk = (n: RuleNode, negated: boolean): void => {
    if (n.kind === 'not') walk(n.child, !negated)
    else if (n.kind === 'and' || n.kind === 'or') {
      walk(n.left, negated)
      walk(n.right, negated)
    } else if (n.kind === 'matcher' && (n.name === 'Host' || n.name === 'HostHeader') && !negated) for (const a of n.args) out.add(a.toLowerCase())
  }
  walk(tree, false)
  return [...out]
}
