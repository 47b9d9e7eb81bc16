import type {Matcher, RuleNode} from './ast.js'
import {compileMatcherV2} from './compile-matcher-v2.js'
import {compileMatcherV3} from './compile-matcher-v3.js'
import {matcherContext} from './matcher-context.js'
import type {RuleSyntax} from './matcher-table.js'
import {parseRule} from './parse-rule.js'

export interface CompiledRule {
  tree: RuleNode
  match: Matcher
}

/** Parse and compile a rule once; matching is then closures only. Throws RuleError. */
export function buildRule(rule: string, syntax: RuleSyntax = 'v3'): CompiledRule {
  const tree = parseRule(rule, syntax)
  return {tree, match: compileRule(rule, tree, syntax)}
}

export function compileRule(rule: string, node: RuleNode, syntax: RuleSyntax = 'v3'): Matcher {
  switch (node.kind) {
    case 'and': {
      const l = compileRule(rule, node.left, syntax)
      const r = compileRule(rule, node.right, syntax)
      return (req) => l(req) && r(req)
    }
    case 'or': {
      const l = compileRule(rule, node.left, syntax)
      const r = compileRule(rule, node.right, syntax)
      return (req) => l(req) || r(req)
    }
    case 'not': {
      const c = compileRule(rule, node.child, syntax)
      return (req) => !c(req)
    }
    case 'matcher': {
      const ctx = matcherContext(rule, node)
      return syntax === 'v2' ? compileMatcherV2(node, ctx) : compileMatcherV3(node, ctx)
    }
  }
}
