import {type Expr, ExprError, type TemplatePart, Unknown} from './ast.js'
import {evaluate, type Scope} from './evaluate.js'
import {parseTemplateString} from './parser.js'
import {entries, toBool} from './values.js'

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

export function evaluateTemplate(parts: TemplatePart[], scope: Scope): unknown {
  if (parts.length === 1 && parts[0]!.k === 'interp') return evaluate(parts[0]!.expr, scope)
  return renderParts(parts, scope)
}

export function renderParts(parts: TemplatePart[], scope: Scope): string {
  let out = ''
  for (const p of parts) {
    if (p.k === 'text') out += p.text
    else if (p.k === 'interp') {
      const v = evaluate(p.expr, scope)
      out += v instanceof Unknown ? p.src : stringify(v)
    } else if (p.k === 'if') {
      const c = evaluate(p.cond, scope)
      if (c instanceof Unknown) out += p.src
      else out += renderParts(toBool(c) ? p.then : p.else, scope)
    } else {
      const coll = evaluate(p.coll, scope)
      for (const [k, v] of entries(coll)) {
        const extra = {...scope.extra, [p.value]: v, ...(p.key ? {[p.key]: k} : {})}
        out += renderParts(p.body, {...scope, extra})
      }
    }
  }
  return out
}

function stringify(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v === null || v === undefined) throw new ExprError('Invalid template interpolation value', 'The expression result is null. Cannot include a null value in a string template.')
  throw new ExprError('Invalid template interpolation value', 'Cannot include the given value in a string template: string required.')
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
