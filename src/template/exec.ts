import {argString, nodeString, type Arg, type Control, type Command, type Node, type Pipe} from './ast.js'
import {FuncError, locate, TemplateError} from './errors.js'
import {ArgError, type FuncDef, type FuncMap} from './funcs-def.js'
import type {TreeSet} from './parse.js'
import {formatValue, isMap, isTrue, mapEntries, methodsOf, structName, typeName} from './values.js'

// Go's text/template executor over the parse trees: pipelines, variables, fields and maps,
// methods, if/with/range (with break/continue and else), template calls.

const MISSING = Symbol('missing')
const MAX_DEPTH = 1000
const MAX_OUTPUT = 64 * 1024 * 1024

class Break {}
class Continue {}

export interface ExecOptions {
  name: string
  src: string
  trees: TreeSet
  funcs: FuncMap
  /** Nomad's err_missing_key: a missing map key is an error instead of "<no value>". */
  errMissingKey?: boolean
}

export function execute(opts: ExecOptions, data: unknown, name = opts.name): string {
  const list = opts.trees.get(name)
  if (!list) throw new TemplateError(`template: no template "${name}" associated with template "${opts.name}"`, opts.name, 0, 0, `no template "${name}"`)
  const st = new State(opts, name, [{name: '$', value: data}], 0, {n: 0, out: []})
  st.walk(data, list)
  return st.sink.out.join('')
}

interface Var {
  name: string
  value: unknown
}

class State {
  constructor(
    private readonly o: ExecOptions,
    private readonly tmpl: string,
    private vars: Var[],
    private readonly depth: number,
    readonly sink: {n: number; out: string[]},
  ) {}

  private err(pos: number, ctx: string, msg: string): never {
    const {line, col} = locate(this.o.src, pos)
    const c = ctx.length > 20 ? `${ctx.slice(0, 20)}...` : ctx
    throw new TemplateError(`template: ${this.o.name}:${line}:${col}: executing "${this.tmpl}" at <${c}>: ${msg}`, this.o.name, line, col, msg)
  }

  private write(s: string): void {
    this.sink.n += s.length
    if (this.sink.n > MAX_OUTPUT) throw new TemplateError(`template: ${this.o.name}: output exceeds 64 MiB`, this.o.name, 0, 0, 'output exceeds 64 MiB')
    this.sink.out.push(s)
  }

  walk(dot: unknown, list: Node[]): void {
    for (const n of list) this.walkNode(dot, n)
  }

  private walkNode(dot: unknown, n: Node): void {
    switch (n.type) {
      case 'text': return this.write(n.text)
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe)
        if (!n.pipe.decl.length) this.print(n, v)
        return
      }
      case 'if': case 'with': {
        const mark = this.vars.length
        const v = this.evalPipeline(dot, n.pipe)
        if (isTrue(v)) this.walk(n.type === 'with' ? v : dot, n.list)
        else if (n.elseList) this.walk(dot, n.elseList)
        this.vars.length = mark
        return
      }
      case 'range': return this.walkRange(dot, n)
      case 'template': return this.walkTemplate(dot, n)
      case 'break': throw new Break()
      case 'continue': throw new Continue()
    }
  }

  private print(n: Node, v: unknown): void {
    if (typeof v === 'function') this.err(n.pos, nodeString(n), `can't print ${nodeString(n)} of type func`)
    this.write(formatValue(v))
  }

  private walkRange(dot: unknown, n: Control): void {
    const outer = this.vars.length
    const v = this.evalPipeline(dot, n.pipe)
    const mark = this.vars.length
    const decl = n.pipe.decl
    const one = (index: unknown, elem: unknown): boolean => {
      if (decl.length) {
        if (n.pipe.isAssign) this.setVar(decl[0]!, decl.length > 1 ? index : elem, n.pos)
        else this.vars[this.vars.length - 1]!.value = elem
      }
      if (decl.length > 1) {
        if (n.pipe.isAssign) this.setVar(decl[1]!, elem, n.pos)
        else this.vars[this.vars.length - 2]!.value = index
      }
      try {
        this.walk(elem, n.list)
      } catch (e) {
        if (e instanceof Break) return false
        if (!(e instanceof Continue)) throw e
      } finally {
        this.vars.length = mark
      }
      return true
    }
    let iterated = false
    if (Array.isArray(v)) {
      iterated = v.length > 0
      for (let i = 0; i < v.length && one(i, v[i]); i++);
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      if (decl.length > 1) this.err(n.pos, nodeString(n), `can't use ${v} to iterate over more than one variable`)
      iterated = v > 0
      for (let i = 0; i < v && one(i, i); i++);
    } else if (isMap(v)) {
      const entries = mapEntries(v)
      iterated = entries.length > 0
      for (const [k, x] of entries) if (!one(k, x)) break
    } else if (v !== undefined && v !== null) {
      this.err(n.pos, nodeString(n), `range can't iterate over ${formatValue(v)}`)
    }
    if (!iterated && n.elseList) this.walk(dot, n.elseList)
    this.vars.length = outer
  }

  private walkTemplate(dot: unknown, n: Extract<Node, {type: 'template'}>): void {
    const list = this.o.trees.get(n.name)
    if (!list) this.err(n.pos, nodeString(n), `template "${n.name}" not defined`)
    if (this.depth >= MAX_DEPTH) this.err(n.pos, nodeString(n), `exceeded maximum template depth (${MAX_DEPTH})`)
    const d = n.pipe ? this.evalPipeline(dot, n.pipe) : undefined
    new State(this.o, n.name, [{name: '$', value: d}], this.depth + 1, this.sink).walk(d, list)
  }

  private setVar(name: string, value: unknown, pos: number): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value
        return
      }
    }
    this.err(pos, name, `undefined variable: ${name}`)
  }

  private varValue(name: string, pos: number): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value
    this.err(pos, name, `undefined variable: ${name}`)
  }

  evalPipeline(dot: unknown, pipe: Pipe): unknown {
    let value: unknown = MISSING
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value)
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, value, pipe.pos)
      else this.vars.push({name, value})
    }
    return value
  }

  private evalCommand(dot: unknown, cmd: Command, final: unknown): unknown {
    const first = cmd.args[0]!
    switch (first.type) {
      case 'field': return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final)
      case 'chain': {
        if (first.node.type === 'nil') this.err(first.pos, argString(first), `indirection through explicit nil in ${argString(first)}`)
        const recv = this.evalArg(dot, first.node)
        return this.evalFieldChain(dot, recv, first, first.field, cmd.args, final)
      }
      case 'identifier': return this.evalFunction(dot, first, cmd, cmd.args, final)
      case 'variable': {
        const v = this.varValue(first.ident[0]!, first.pos)
        if (first.ident.length === 1) {
          this.notAFunction(cmd.args, final)
          return v
        }
        return this.evalFieldChain(dot, v, first, first.ident.slice(1), cmd.args, final)
      }
      case 'nil': this.err(first.pos, 'nil', 'nil is not a command')
    }
    this.notAFunction(cmd.args, final)
    return this.evalArg(dot, first)
  }

  private notAFunction(args: Arg[], final: unknown): void {
    if (args.length > 1 || final !== MISSING) this.err(args[0]!.pos, argString(args[0]!), `can't give argument to non-function ${argString(args[0]!)}`)
  }

  private evalArg(dot: unknown, a: Arg): unknown {
    switch (a.type) {
      case 'dot': return dot
      case 'nil': return null
      case 'bool': case 'number': case 'string': return a.value
      case 'field': return this.evalFieldChain(dot, dot, a, a.ident, [a], MISSING)
      case 'variable': {
        const v = this.varValue(a.ident[0]!, a.pos)
        return a.ident.length === 1 ? v : this.evalFieldChain(dot, v, a, a.ident.slice(1), [a], MISSING)
      }
      case 'chain': return this.evalFieldChain(dot, this.evalArg(dot, a.node), a, a.field, [a], MISSING)
      case 'pipe': {
        const mark = this.vars.length
        const v = this.evalPipeline(dot, a.pipe)
        this.vars.length = mark
        return v
      }
      case 'identifier': return this.evalFunction(dot, a, {pos: a.pos, args: [a]}, [a], MISSING)
    }
  }

  private evalFieldChain(dot: unknown, recv: unknown, node: Arg, ident: string[], args: Arg[], final: unknown): unknown {
    let r = recv
    for (let i = 0; i < ident.length - 1; i++) r = this.evalField(dot, ident[i]!, node, [node], MISSING, r)
    return this.evalField(dot, ident.at(-1)!, node, args, final, r)
  }

  private evalField(dot: unknown, field: string, node: Arg, args: Arg[], final: unknown, recv: unknown): unknown {
    const ctx = argString(node)
    if (recv === undefined) {
      if (this.o.errMissingKey) this.err(node.pos, ctx, `nil data; no entry for key "${field}"`)
      return undefined
    }
    if (recv === null) this.err(node.pos, ctx, `nil pointer evaluating interface {}.${field}`)
    const m = methodsOf(recv)
    if (m && Object.hasOwn(m, field)) return this.evalCall(dot, {call: m[field]!, min: m[field]!.length, max: m[field]!.length}, node, field, args, final)
    const hasArgs = args.length > 1 || final !== MISSING
    if (structName(recv) && Object.hasOwn(recv as object, field)) {
      if (hasArgs) this.err(node.pos, ctx, `${field} has arguments but cannot be invoked as function`)
      return (recv as Record<string, unknown>)[field]
    }
    if (isMap(recv)) {
      if (hasArgs) this.err(node.pos, ctx, `${field} is not a method but has arguments`)
      const has = recv instanceof Map ? recv.has(field) : Object.hasOwn(recv, field)
      if (!has && this.o.errMissingKey) this.err(node.pos, ctx, `map has no entry for key "${field}"`)
      return recv instanceof Map ? recv.get(field) : has ? recv[field] : undefined
    }
    this.err(node.pos, ctx, `can't evaluate field ${field} in type ${typeName(recv)}`)
  }

  private evalFunction(dot: unknown, node: Extract<Arg, {type: 'identifier'}>, cmd: Command, args: Arg[], final: unknown): unknown {
    const name = node.name
    const f = this.o.funcs[name]
    if (!f) this.err(node.pos, name, `"${name}" is not a defined function`)
    if (name === 'and' || name === 'or') return this.andOr(dot, name, node, cmd, args, final)
    if (name === 'executeTemplate') return this.executeTemplate(dot, node, cmd, args, final)
    return this.evalCall(dot, f, node, name, args, final, cmd)
  }

  /** consul-template's executeTemplate: a defined template's output as a value. */
  private executeTemplate(dot: unknown, node: Arg, cmd: Command, args: Arg[], final: unknown): unknown {
    const vals = args.slice(1).map((a) => this.evalArg(dot, a))
    if (final !== MISSING) vals.push(final)
    const [name, data] = vals
    if (typeof name !== 'string' || vals.length > 2) this.err(node.pos, commandString(cmd), 'executeTemplate takes a template name and an optional value')
    const list = this.o.trees.get(name)
    if (!list) this.err(node.pos, commandString(cmd), `error calling executeTemplate: template "${name}" not defined`)
    if (this.depth >= MAX_DEPTH) this.err(node.pos, commandString(cmd), `exceeded maximum template depth (${MAX_DEPTH})`)
    const sink = {n: this.sink.n, out: [] as string[]}
    new State(this.o, name, [{name: '$', value: data}], this.depth + 1, sink).walk(data, list)
    return sink.out.join('')
  }

  private andOr(dot: unknown, name: string, node: Arg, cmd: Command, args: Arg[], final: unknown): unknown {
    const n = args.length - 1 + (final === MISSING ? 0 : 1)
    if (n < 1) this.err(node.pos, commandString(cmd), `wrong number of args for ${name}: want at least 1 got 0`)
    let v: unknown
    for (let i = 1; i <= n; i++) {
      v = i < args.length ? this.evalArg(dot, args[i]!) : final
      if (isTrue(v) === (name === 'or')) return v
    }
    return v
  }

  private evalCall(dot: unknown, f: FuncDef, node: Arg, name: string, args: Arg[], final: unknown, cmd?: Command): unknown {
    const vals = args.slice(1).map((a) => this.evalArg(dot, a))
    if (final !== MISSING) vals.push(final)
    const ctx = cmd ? commandString(cmd) : argString(node)
    if (vals.length < f.min || vals.length > f.max) {
      const want = f.max === Infinity ? `at least ${f.min}` : f.min === f.max ? String(f.min) : `${f.min} to ${f.max}`
      this.err(node.pos, ctx, `wrong number of args for ${name}: want ${want} got ${vals.length}`)
    }
    try {
      return f.call(...vals)
    } catch (e) {
      if (e instanceof TemplateError || (e as {passthrough?: boolean})?.passthrough) throw e
      if (e instanceof ArgError) this.err(node.pos, ctx, e.message)
      const msg = e instanceof Error ? e.message : String(e)
      this.err(node.pos, ctx, `error calling ${name}: ${msg}`)
    }
  }
}

function commandString(c: Command): string {
  return c.args.map(argString).join(' ')
}

export {FuncError}
