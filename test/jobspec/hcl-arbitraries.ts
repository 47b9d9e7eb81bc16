import fc from 'fast-check'

// Generated HCL native-syntax documents (every construct a job file may use: labelled and
// one-line blocks, comments, templates with escapes and directives, heredocs, operators,
// conditionals, calls, splats, collections across lines, for expressions) and broken variants.

const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/).filter((s) => !['for', 'in', 'if', 'true', 'false', 'null'].includes(s))
const label = fc.oneof(ident, fc.stringMatching(/^[a-zA-Z0-9 ._-]{0,8}$/).map((s) => JSON.stringify(s)))

const textChunk = fc.oneof(
  {weight: 5, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 .,:/_-]{1,8}$/)},
  fc.constantFrom('\\n', '\\t', '\\"', '\\\\', '\\u00e9', '\\U0001F600', '$${literal}', '%%{literal}', '{', '}', '$ ', '% '),
)

const ref = fc.oneof(
  ident.map((n) => `var.${n}`),
  fc.tuple(ident, ident).map(([a, b]) => `local.${a}.${b}`),
  fc.tuple(ident, fc.integer({min: 0, max: 9})).map(([a, i]) => `${a}[${i}]`),
  ident.map((n) => `${n}.*.id`),
  ident.map((n) => `${n}[*].id`),
  fc.tuple(ident, fc.integer({min: 0, max: 3})).map(([a, i]) => `${a}.${i}.x`),
)

export const expression: fc.Arbitrary<string> = fc.letrec<{expr: string; leaf: string}>((tie) => ({
  leaf: fc.oneof(
    fc.integer({min: 0, max: 99999}).map(String),
    fc.constantFrom('1.5', '0.25', '1e3', '2.5E-2', 'true', 'false', 'null'),
    ref,
    fc.array(fc.oneof({weight: 4, arbitrary: textChunk}, {weight: 1, arbitrary: ref.map((r) => `\${${r}}`)}, {weight: 1, arbitrary: ref.map((r) => `%{ if ${r} }yes%{ else }no%{ endif }`)}), {maxLength: 4}).map((parts) => `"${parts.join('')}"`),
  ),
  expr: fc.oneof(
    {depthSize: 'small', maxDepth: 3, withCrossShrink: true},
    tie('leaf'),
    // hcl2json folds constant operations (and fails on `!0`): operators always involve a reference.
    fc.tuple(ref, fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(fc.constantFrom('!', '-', '!!', '- '), ref).map(([op, a]) => `${op}${a}`),
    fc.tuple(ref, tie('expr'), tie('expr')).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
    tie('expr').map((a) => `(${a})`),
    fc.tuple(ident, fc.array(tie('expr'), {maxLength: 3}), fc.boolean()).map(([f, args, expand]) => `${f}(${args.join(', ')}${expand && args.length ? '...' : ''})`),
    fc.tuple(fc.array(tie('expr'), {maxLength: 3}), fc.boolean(), fc.boolean()).map(([items, multi, trailing]) =>
      multi ? `[\n  ${items.join(',\n  ')}${trailing && items.length ? ',' : ''} // items\n]` : `[${items.join(', ')}${trailing && items.length ? ',' : ''}]`),
    fc.tuple(fc.uniqueArray(ident, {maxLength: 3}), fc.array(tie('expr'), {minLength: 3, maxLength: 3}), fc.boolean(), fc.constantFrom('=', ':')).map(([keys, vals, multi, sep]) =>
      multi ? `{\n  ${keys.map((k, i) => `${k} ${sep} ${vals[i]}`).join('\n  ')}\n}` : `{${keys.map((k, i) => `${JSON.stringify(k)} ${sep} ${vals[i]}`).join(', ')}}`),
    fc.tuple(ident, ref, tie('expr'), fc.option(tie('expr'), {nil: undefined})).map(([v, coll, body, cond]) => `[for ${v} in ${coll} : ${body}${cond ? ` if ${cond}` : ''}]`),
    fc.tuple(ident, ident, ref, tie('expr'), tie('expr'), fc.boolean()).map(([k, v, coll, key, val, group]) => `{for ${k}, ${v} in ${coll} : ${key} => ${val}${group ? '...' : ''}}`),
  ),
})).expr

const heredoc = fc.tuple(fc.boolean(), fc.array(fc.oneof(fc.stringMatching(/^[a-zA-Z0-9 {}":=#]{0,12}$/), ref.map((r) => `x \${${r}} y`)), {maxLength: 3})).map(([indent, lines]) =>
  indent ? `<<-EOT\n${lines.map((l) => `    ${l}`).join('\n')}${lines.length ? '\n' : ''}  EOT` : `<<EOT\n${lines.join('\n')}${lines.length ? '\n' : ''}EOT`)

const comment = fc.constantFrom('', '', ' # a comment', ' // another', ' /* inline */')

interface Block {
  type: string
  labels: string[]
  attrs: Array<[string, string]>
  blocks: Block[]
  oneLine: boolean
}

const blockArb: fc.Arbitrary<Block> = fc.letrec<{block: Block}>((tie) => ({
  block: fc
    .record({
      type: ident,
      labels: fc.array(label, {maxLength: 2}),
      attrs: fc.uniqueArray(fc.tuple(ident, fc.oneof({weight: 6, arbitrary: expression}, {weight: 1, arbitrary: heredoc})), {maxLength: 3, selector: ([n]) => n}),
      blocks: fc.oneof({maxDepth: 3, depthSize: 'small'}, fc.constant<Block[]>([]), fc.array(tie('block'), {maxLength: 2})),
      oneLine: fc.boolean(),
    })
    .map((b) => ({...b, blocks: b.blocks.filter((c) => !b.attrs.some(([n]) => n === c.type))})),
})).block

function render(b: Block, indent: string, comments: string[]): string {
  const next = () => comments.shift() ?? ''
  const head = `${indent}${b.type}${b.labels.map((l) => ` ${l}`).join('')} {`
  const single = b.blocks.length === 0 && b.attrs.length <= 1 && b.oneLine && !(b.attrs[0]?.[1] ?? '').includes('\n')
  if (single) return b.attrs.length ? `${head} ${b.attrs[0]![0]} = ${b.attrs[0]![1]} }${next()}\n` : `${head}}${next()}\n`
  const inner = indent + '  '
  const lines = [`${head}${next()}\n`]
  for (const [n, v] of b.attrs) lines.push(`${inner}${n} = ${v}${v.includes('EOT') ? '' : next()}\n`)
  for (const c of b.blocks) lines.push(render(c, inner, comments))
  lines.push(`${indent}}${next()}\n`)
  return lines.join('')
}

export const hclDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.uniqueArray(fc.tuple(ident, expression), {maxLength: 3, selector: ([n]) => n}),
    fc.array(blockArb, {minLength: 1, maxLength: 3}),
    fc.array(comment, {minLength: 40, maxLength: 40}),
  )
  .map(([attrs, blocks, comments]) => {
    const kept = blocks.filter((b) => !attrs.some(([n]) => n === b.type))
    return [...attrs.map(([n, v]) => `${n} = ${v}${comments.pop()}\n`), ...kept.map((b) => render(b, '', comments))].join('')
  })

const BAD_LABELS = ['1x', '"a${b}"', '"unterminated', 'a.b', '[x]', '"a" =', '"a\\q"']

/** One targeted break of a valid document, with its kind for the failure message. */
export function mutations(doc: string): fc.Arbitrary<{doc: string; kind: string}> {
  const kinds: Array<fc.Arbitrary<{doc: string; kind: string}>> = []
  const closes = [...doc.matchAll(/\}/g)].map((m) => m.index)
  if (closes.length) kinds.push(fc.constantFrom(...closes).map((i) => ({doc: doc.slice(0, i) + doc.slice(i + 1), kind: `unclosed brace at ${i}`})))
  const quotes = [...doc.matchAll(/"/g)].map((m) => m.index)
  if (quotes.length) kinds.push(fc.constantFrom(...quotes).map((i) => ({doc: doc.slice(0, i) + doc.slice(i + 1), kind: `unclosed string at ${i}`})))
  const markers = [...doc.matchAll(/^[ \t]*EOT$/gm)].map((m) => [m.index, m[0].length] as const)
  if (markers.length) kinds.push(fc.constantFrom(...markers).map(([i, n]) => ({doc: doc.slice(0, i) + 'EOX' + doc.slice(i + n), kind: `unclosed heredoc at ${i}`})))
  kinds.push(fc.tuple(fc.constantFrom(...BAD_LABELS), fc.boolean()).map(([l, first]) => ({doc: first ? `blk ${l} {\n}\n${doc}` : `${doc}blk "ok" ${l} {\n}\n`, kind: `bad label ${l}`})))
  const equals = [...doc.matchAll(/^[ \t]*[a-z][a-z0-9_]* (=) /gm)].map((m) => m.index + m[0].length - 2)
  if (equals.length) kinds.push(fc.constantFrom(...equals).map((i) => ({doc: doc.slice(0, i) + doc.slice(i + 1), kind: `missing = at ${i}`})))
  kinds.push(fc.integer({min: 0, max: Math.max(0, doc.length - 1)}).map((i) => ({doc: doc.slice(0, i) + doc.slice(i + 1), kind: `deleted character ${i} ${JSON.stringify(doc[i])}`})))
  return fc.oneof(...kinds)
}
