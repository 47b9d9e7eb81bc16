import type {Arg, Command, Node, Pipe} from './ast.js'
import {parseError} from './errors.js'
import {lex, type Token} from './lex.js'
import {parseNumber, unquote} from './literals.js'

// Go's text/template parser: tokens → one tree per template name (the main one and every
// {{define}}/{{block}}). Functions and variables are checked here, as Go does.

export interface ParseOptions {
  name: string
  leftDelim?: string
  rightDelim?: string
  /** Names of the functions the template may call (builtins included). */
  funcs: ReadonlySet<string>
}

export type TreeSet = Map<string, Node[]>

export function parseTrees(src: string, opts: ParseOptions): TreeSet {
  const toks = lex(src, {name: opts.name, left: opts.leftDelim, right: opts.rightDelim})
  const trees: TreeSet = new Map()
  const p = new Parser(src, toks, opts, trees)
  add(trees, opts.name, p.top(), () => p.fail(0, `template: multiple definition of template "${opts.name}"`))
  return trees
}

function isEmpty(list: Node[]): boolean {
  return list.every((n) => n.type === 'text' && n.text.trim() === '')
}

function add(trees: TreeSet, name: string, list: Node[], dup: () => never): void {
  const old = trees.get(name)
  if (old && !isEmpty(old) && !isEmpty(list)) dup()
  if (!old || !isEmpty(list)) trees.set(name, list)
}

type End = {kind: 'end' | 'else'; pos: number; elseKeyword?: 'if' | 'with'}

class Parser {
  private i = 0
  private vars: string[] = ['$']
  private rangeDepth = 0

  constructor(private readonly src: string, private readonly toks: Token[], private readonly opts: ParseOptions, private readonly trees: TreeSet) {}

  fail(pos: number, msg: string): never {
    throw parseError(this.opts.name, this.src, pos, msg)
  }

  private peek(): Token { return this.toks[this.i]! }
  private next(): Token { return this.toks[this.i++]! }
  private backup(n = 1): void { this.i -= n }
  private nextNonSpace(): Token {
    let t = this.next()
    while (t.kind === 'space') t = this.next()
    return t
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace()
    this.backup()
    return t
  }

  private unexpected(t: Token, context: string): never {
    this.fail(t.pos, `unexpected ${show(t)} in ${context}`)
  }

  private expect(kind: Token['kind'], context: string): Token {
    const t = this.nextNonSpace()
    if (t.kind !== kind) this.unexpected(t, context)
    return t
  }

  top(): Node[] {
    const root: Node[] = []
    while (this.peek().kind !== 'eof') {
      if (this.peek().kind === 'left') {
        const save = this.i
        this.next()
        const t = this.nextNonSpace()
        if (t.kind === 'keyword' && t.val === 'define') {
          this.parseDefinition()
          continue
        }
        this.i = save
      }
      const n = this.textOrAction()
      if ('kind' in n) this.fail(n.pos, `unexpected {{${n.kind}}}`)
      root.push(n)
    }
    return root
  }

  private parseDefinition(): void {
    const context = 'define clause'
    const t = this.nextNonSpace()
    if (t.kind !== 'string' && t.kind !== 'rawstring') this.unexpected(t, context)
    const name = this.unq(t)
    this.expect('right', context)
    const saved = this.vars
    this.vars = ['$']
    const [list, end] = this.itemList()
    this.vars = saved
    if (end.kind !== 'end') this.fail(end.pos, `unexpected {{else}} in ${context}`)
    add(this.trees, name, list, () => this.fail(t.pos, `template: multiple definition of template "${name}"`))
  }

  private itemList(): [Node[], End] {
    const list: Node[] = []
    while (this.peekNonSpace().kind !== 'eof') {
      const n = this.textOrAction()
      if ('kind' in n) return [list, n]
      list.push(n)
    }
    this.fail(this.src.length, 'unexpected EOF')
  }

  private textOrAction(): Node | End {
    const t = this.nextNonSpace()
    if (t.kind === 'text') return {type: 'text', pos: t.pos, text: t.val}
    if (t.kind === 'left') return this.action()
    this.unexpected(t, 'input')
  }

  private action(): Node | End {
    const t = this.nextNonSpace()
    if (t.kind === 'keyword') {
      switch (t.val) {
        case 'block': return this.blockControl(t)
        case 'break': case 'continue': return this.loopControl(t)
        case 'else': return this.elseControl(t)
        case 'end':
          this.expect('right', 'end')
          return {kind: 'end', pos: t.pos}
        case 'if': case 'range': case 'with': return this.control(t.val, t.pos)
        case 'template': return this.templateControl(t)
        case 'define': this.fail(t.pos, 'unexpected <define> in command')
      }
    }
    this.backup()
    const pipe = this.pipeline('command', 'right')
    return {type: 'action', pos: t.pos, pipe}
  }

  private loopControl(t: Token): Node {
    const tk = this.nextNonSpace()
    if (tk.kind !== 'right') this.unexpected(tk, `{{${t.val}}}`)
    if (this.rangeDepth === 0) this.fail(t.pos, `{{${t.val}}} outside {{range}}`)
    return {type: t.val as 'break' | 'continue', pos: t.pos}
  }

  private elseControl(t: Token): End {
    const peek = this.peekNonSpace()
    if (peek.kind === 'keyword' && (peek.val === 'if' || peek.val === 'with')) return {kind: 'else', pos: t.pos, elseKeyword: peek.val}
    this.expect('right', 'else')
    return {kind: 'else', pos: t.pos}
  }

  private control(context: 'if' | 'range' | 'with', pos: number): Node {
    const nvars = this.vars.length
    const pipe = this.pipeline(context, 'right')
    if (context === 'range') this.rangeDepth++
    let [list, next] = this.itemList()
    if (context === 'range') this.rangeDepth--
    let elseList: Node[] | null = null
    if (next.kind === 'else') {
      if (next.elseKeyword && next.elseKeyword === context) {
        const kw = this.nextNonSpace()
        elseList = [this.control(context, kw.pos)]
      } else {
        if (next.elseKeyword) this.unexpected(this.nextNonSpace(), 'else')
        ;[elseList, next] = this.itemList()
        if (next.kind !== 'end') this.fail(next.pos, 'expected end; found {{else}}')
      }
    }
    this.vars.length = nvars
    return {type: context, pos, pipe, list, elseList}
  }

  private templateName(t: Token, context: string): string {
    if (t.kind === 'string' || t.kind === 'rawstring') return this.unq(t)
    this.unexpected(t, context)
  }

  private templateControl(t: Token): Node {
    const context = 'template clause'
    const name = this.templateName(this.nextNonSpace(), context)
    let pipe: Pipe | null = null
    if (this.nextNonSpace().kind !== 'right') {
      this.backup()
      pipe = this.pipeline(context, 'right')
    }
    return {type: 'template', pos: t.pos, name, pipe}
  }

  private blockControl(t: Token): Node {
    const context = 'block clause'
    const nt = this.nextNonSpace()
    const name = this.templateName(nt, context)
    const pipe = this.pipeline(context, 'right')
    const saved = this.vars
    this.vars = ['$']
    const [list, end] = this.itemList()
    this.vars = saved
    if (end.kind !== 'end') this.fail(end.pos, `unexpected {{else}} in ${context}`)
    add(this.trees, name, list, () => this.fail(nt.pos, `template: multiple definition of template "${name}"`))
    return {type: 'template', pos: t.pos, name, pipe}
  }

  private pipeline(context: string, end: 'right' | 'rparen'): Pipe {
    const start = this.peekNonSpace()
    const pipe: Pipe = {pos: start.pos, decl: [], isAssign: false, cmds: []}
    decls: for (;;) {
      const v = this.peekNonSpace()
      if (v.kind !== 'variable') break
      const save = this.i
      this.nextNonSpace()
      const after = this.peek()
      const nx = this.peekNonSpace()
      if (nx.kind === 'declare' || nx.kind === 'assign') {
        this.nextNonSpace()
        pipe.isAssign = nx.kind === 'assign'
        pipe.decl.push(v.val)
        if (nx.kind === 'declare') this.vars.push(v.val)
        else this.useVar(v)
        break
      }
      if (nx.kind === 'comma') {
        this.nextNonSpace()
        pipe.decl.push(v.val)
        this.vars.push(v.val)
        if (context === 'range' && pipe.decl.length < 2) {
          const k = this.peekNonSpace().kind
          if (k === 'variable' || k === 'right' || k === 'rparen') continue decls
          this.fail(nx.pos, 'range can only initialize variables')
        }
        this.fail(nx.pos, `too many declarations in ${context}`)
      }
      void after
      this.i = save
      break
    }
    if (pipe.decl.length === 2 && pipe.isAssign) this.fail(pipe.pos, `too many declarations in ${context}`)
    for (;;) {
      const t = this.nextNonSpace()
      if (t.kind === end) {
        this.checkPipeline(pipe, context, t)
        return pipe
      }
      if (['bool', 'char', 'dot', 'field', 'identifier', 'number', 'nil', 'rawstring', 'string', 'variable', 'lparen'].includes(t.kind)) {
        this.backup()
        pipe.cmds.push(this.command())
      } else this.unexpected(t, context)
    }
  }

  private checkPipeline(pipe: Pipe, context: string, t: Token): void {
    if (!pipe.cmds.length) this.fail(t.pos, `missing value for ${context}`)
    for (const [i, c] of pipe.cmds.slice(1).entries()) {
      const a = c.args[0]!
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(a.type)) this.fail(a.pos, `non executable command in pipeline stage ${i + 2}`)
    }
  }

  private command(): Command {
    const cmd: Command = {pos: this.peekNonSpace().pos, args: []}
    for (;;) {
      this.peekNonSpace()
      const op = this.operand()
      if (op) cmd.args.push(op)
      const t = this.next()
      if (t.kind === 'space') continue
      if (t.kind === 'right' || t.kind === 'rparen') this.backup()
      else if (t.kind !== 'pipe') this.unexpected(t, 'operand')
      break
    }
    if (!cmd.args.length) this.fail(cmd.pos, 'empty command')
    return cmd
  }

  private operand(): Arg | null {
    const node = this.term()
    if (!node) return null
    if (this.peek().kind !== 'field') return node
    const fields: string[] = []
    while (this.peek().kind === 'field') fields.push(this.next().val.slice(1))
    switch (node.type) {
      case 'field': return {type: 'field', pos: node.pos, ident: [...node.ident, ...fields]}
      case 'variable': return {type: 'variable', pos: node.pos, ident: [...node.ident, ...fields]}
      case 'bool': case 'string': case 'number': case 'nil': case 'dot':
        this.fail(node.pos, `unexpected . after term "${argTextOf(node, this.src)}"`)
      default: return {type: 'chain', pos: node.pos, node, field: fields}
    }
  }

  private term(): Arg | null {
    const t = this.nextNonSpace()
    switch (t.kind) {
      case 'identifier':
        if (!this.opts.funcs.has(t.val)) this.fail(t.pos, `function "${t.val}" not defined`)
        return {type: 'identifier', pos: t.pos, name: t.val}
      case 'dot': return {type: 'dot', pos: t.pos}
      case 'nil': return {type: 'nil', pos: t.pos}
      case 'variable':
        this.useVar(t)
        return {type: 'variable', pos: t.pos, ident: [t.val]}
      case 'field': return {type: 'field', pos: t.pos, ident: [t.val.slice(1)]}
      case 'bool': return {type: 'bool', pos: t.pos, value: t.val === 'true'}
      case 'char': {
        const s = this.unq(t)
        const cp = s.codePointAt(0)
        if (cp === undefined || [...s].length !== 1) this.fail(t.pos, `malformed character constant: ${t.val}`)
        return {type: 'number', pos: t.pos, value: cp, text: t.val, isInt: true}
      }
      case 'number': {
        const n = parseNumber(t.val)
        if (!n) this.fail(t.pos, `illegal number syntax: "${t.val}"`)
        return {type: 'number', pos: t.pos, value: n.value, text: t.val, isInt: n.isInt}
      }
      case 'lparen': return {type: 'pipe', pos: t.pos, pipe: this.pipeline('parenthesized pipeline', 'rparen')}
      case 'string': case 'rawstring': return {type: 'string', pos: t.pos, value: this.unq(t), text: t.val}
    }
    this.backup()
    return null
  }

  private useVar(t: Token): void {
    if (!this.vars.includes(t.val)) this.fail(t.pos, `undefined variable "${t.val}"`)
  }

  private unq(t: Token): string {
    try {
      return unquote(t.val)
    } catch {
      this.fail(t.pos, `invalid syntax: ${t.val}`)
    }
  }
}

function argTextOf(a: Arg, src: string): string {
  return a.type === 'string' || a.type === 'number' ? a.text : a.type === 'bool' ? String(a.value) : a.type === 'nil' ? 'nil' : src.slice(a.pos, a.pos + 1)
}

/** A token as Go's item.String() shows it in "unexpected …" messages. */
function show(t: Token): string {
  if (t.kind === 'eof') return 'EOF'
  if (t.kind === 'keyword') return `<${t.val}>`
  if (t.kind === 'right' || t.kind === 'left') return `"${t.val}"`
  if (t.val.length > 10) return `${JSON.stringify(t.val.slice(0, 10))}...`
  return JSON.stringify(t.val)
}
