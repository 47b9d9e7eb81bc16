import {type Expr, Unknown} from './ast.js'
import {evaluate, evaluateTemplate, renderParts, type Scope} from './evaluate.js'
import {parseTemplateString} from './parser.js'

// Templates ("a-${var.x}", %{if}/%{for} directives) and attribute values: parts only the
// client can know (attr., NOMAD_…) are kept as written, as Nomad keeps them for run time.

export function isTemplateText(s: string): boolean {
  return s.includes('${') || s.includes('%{')
}

/** Evaluates a string as hcl2json left it: a template, or plain text with $${ escapes. */
export function evaluateString(s: string, scope: Scope): unknown {
  if (!isTemplateText(s)) return s
  const parts = parseTemplateString(s)
  const v = evaluateTemplate(parts, scope)
  return v instanceof Unknown ? s : v
}

/**
 * Evaluates an attribute's expression for the job: values known now are computed; parts that
 * only the client can know (attr., NOMAD_…) are kept as "${…}" text, as Nomad keeps them.
 */
export function materialize(e: Expr, scope: Scope, src: string): unknown {
  if (e.k === 'tuple') return e.items.map((x, i) => materialize(x, scope, e.srcs?.[i] ?? ''))
  if (e.k === 'object') {
    const out: Record<string, unknown> = {}
    for (const it of e.items) {
      const k = evaluate(it.key, scope)
      out[k instanceof Unknown ? `\${${keySource(it.key)}}` : String(k)] = materialize(it.value, scope, it.src ?? '')
    }
    return out
  }
  const v = evaluate(e, scope)
  return v instanceof Unknown ? (e.k === 'template' ? renderParts(e.parts, scope) : `\${${src}}`) : v
}

function keySource(e: Expr): string {
  return e.k === 'template' ? e.parts.map((p) => (p.k === 'text' ? p.text : p.src)).join('') : ''
}
