import type {RuleNode} from './ast.js'

/** Canonical text for a rule tree; parseRule(printRule(t)) gives back an equal tree. */
export function printRule(node: RuleNode): string {
  switch (node.kind) {
    case 'matcher':
      return `${node.name}(${node.args.map(quoteValue).join(', ')})`
    case 'not':
      return node.child.kind === 'matcher' || node.child.kind === 'not' ? `!${printRule(node.child)}` : `!(${printRule(node.child)})`
    case 'and':
      return `${printOperand(node.left, 'and', false)} && ${printOperand(node.right, 'and', true)}`
    case 'or':
      return `${printOperand(node.left, 'or', false)} || ${printOperand(node.right, 'or', true)}`
  }
}

// Operators associate left, so a right operand of the same operator needs parentheses to keep its shape.
function printOperand(node: RuleNode, parent: 'and' | 'or', right: boolean): string {
  const text = printRule(node)
  const needs = (parent === 'and' && node.kind === 'or') || (right && node.kind === parent)
  return needs ? `(${text})` : text
}

function quoteValue(value: string): string {
  if (!value.includes('`')) return `\`${value}\``
  let out = '"'
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${out}"`
}
