import type {RuleNode} from './ast.js'

/**
 * The rule looks at header lines (Header, HeaderRegexp; v2 Headers, HeadersRegexp). A rule that
 * does not answers the same for every request with the same method, host, target and client.
 */
export function readsHeaders(tree: RuleNode): boolean {
  if (tree.kind === 'matcher') return tree.name.toLowerCase().startsWith('header')
  if (tree.kind === 'not') return readsHeaders(tree.child)
  return readsHeaders(tree.left) || readsHeaders(tree.right)
}
