import type {ServiceRegistration} from '../../model/index.js'
import {lexTemplate, splitPipeline, TemplateError, type Word} from './template-lex.js'

// A small subset of consul-template, enough for the templates Nomad users write for dev:
// plain text, `{{ env "NAME" }}`, string literals, `{{/* comments */}}`, `{{-`/`-}}`
// trimming, custom delimiters, pipes into toUpper/toLower/trimSpace/join, and Nomad's native
// service discovery: `{{ range nomadService "db" }}{{ .Address }}:{{ .Port }}{{ else }}…{{ end }}`
// (when the agent supplies the catalog). Functions needing Consul, Vault or Nomad variables
// are reported, never silently emptied.

export {TemplateError} from './template-lex.js'
export {parseEnvFile} from './env-file.js'

const NEEDS = new Map<string, string>([
  ['key', 'Consul KV'], ['keyOrDefault', 'Consul KV'], ['ls', 'Consul KV'], ['tree', 'Consul KV'],
  ['service', 'Consul'], ['services', 'Consul'], ['connect', 'Consul'], ['node', 'Consul'], ['nodes', 'Consul'],
  ['secret', 'Vault'], ['secrets', 'Vault'], ['pkiCert', 'Vault'],
  ['nomadServices', 'the Nomad service API'],
  ['nomadVar', 'Nomad variables'], ['nomadVarList', 'Nomad variables'], ['nomadVarExists', 'Nomad variables'],
])
const STRING_FUNCS: Record<string, (s: string) => string> = {
  toUpper: (s) => s.toUpperCase(),
  toLower: (s) => s.toLowerCase(),
  trimSpace: (s) => s.trim(),
}
const SUPPORTED = 'env, nomadService, range/else/end, toUpper, toLower, trimSpace, join'

/** One instance as `nomadService` yields it (fields as in Nomad's template docs). */
export interface TemplateService {
  ID: string
  Name: string
  Address: string
  Port: number
  Tags: string[]
  AllocID: string
  NodeID: string
  Datacenter: string
  Namespace: string
}

/** A catalog entry as `nomadService` shows it. */
export function toTemplateService(r: ServiceRegistration): TemplateService {
  return {ID: r.ID, Name: r.ServiceName, Address: r.Address, Port: r.Port, Tags: r.Tags, AllocID: r.AllocID, NodeID: r.NodeID, Datacenter: r.Datacenter, Namespace: r.Namespace}
}

export interface TemplateOptions {
  env: Record<string, string>
  /** Healthy instances per service name, for `nomadService`; absent → the function is an error. */
  services?: Record<string, TemplateService[]>
  leftDelim?: string
  rightDelim?: string
}

type Node = {kind: 'text'; text: string} | {kind: 'out'; pipe: Word[][]; line: number} | {kind: 'range'; pipe: Word[][]; line: number; body: Node[]; alt: Node[]}

export function renderTemplate(src: string, opts: TemplateOptions): string {
  return evalNodes(parse(src, opts), opts, undefined)
}

/** The service names a template asks `nomadService` for, so the agent can fetch them first. */
export function templateServiceNames(src: string): string[] {
  return [...new Set([...src.matchAll(/nomadService\s+"([^"]+)"/g)].map((m) => m[1]!))]
}

function parse(src: string, opts: TemplateOptions): Node[] {
  const root: Node[] = []
  const stack: {node: Extract<Node, {kind: 'range'}>; inAlt: boolean}[] = []
  const target = () => {
    const top = stack.at(-1)
    return top ? (top.inAlt ? top.node.alt : top.node.body) : root
  }
  for (const seg of lexTemplate(src, opts.leftDelim || '{{', opts.rightDelim || '}}')) {
    if (seg.kind === 'text') {
      target().push(seg)
      continue
    }
    const {body, line} = seg
    if (body.startsWith('/*') && body.endsWith('*/')) continue
    const pipe = splitPipeline(body, line)
    for (const cmd of pipe) for (const w of cmd) if (!w.literal && NEEDS.has(w.text)) throw needs(w.text, line)
    const head = pipe[0]?.[0]
    if (head && !head.literal && head.text === 'range') {
      if (pipe[0]!.some((w) => w.text.startsWith('$'))) throw new TemplateError(`range variables at line ${line} are not supported by zdev's template renderer; use {{ range … }}{{ .Field }}{{ end }}`)
      const node: Node = {kind: 'range', pipe: [pipe[0]!.slice(1), ...pipe.slice(1)], line, body: [], alt: []}
      target().push(node)
      stack.push({node, inAlt: false})
    } else if (body === 'else') {
      const top = stack.at(-1)
      if (!top || top.inAlt) throw new TemplateError(`unexpected {{ else }} at line ${line}`)
      top.inAlt = true
    } else if (body === 'end') {
      if (!stack.pop()) throw new TemplateError(`unexpected {{ end }} at line ${line}`)
    } else if (head && !head.literal && ['if', 'with', 'define', 'template', 'block'].includes(head.text)) {
      throw new TemplateError(`"${head.text}" at line ${line} is not supported by zdev's template renderer (supported: ${SUPPORTED})`)
    } else {
      target().push({kind: 'out', pipe, line})
    }
  }
  if (stack.length) throw new TemplateError(`{{ range }} at line ${stack.at(-1)!.node.line} has no {{ end }}`)
  return root
}

function evalNodes(nodes: Node[], opts: TemplateOptions, dot: unknown): string {
  let out = ''
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text
    else if (n.kind === 'out') out += show(evalPipe(n.pipe, opts, dot, n.line), n.line)
    else {
      const list = evalPipe(n.pipe, opts, dot, n.line)
      if (!Array.isArray(list)) throw new TemplateError(`range at line ${n.line} needs a list, as from nomadService "name"`)
      out += list.length ? list.map((item) => evalNodes(n.body, opts, item)).join('') : evalNodes(n.alt, opts, dot)
    }
  }
  return out
}

function evalPipe(pipe: Word[][], opts: TemplateOptions, dot: unknown, line: number): unknown {
  let value: unknown
  for (const [i, cmd] of pipe.entries()) {
    const [head, ...rest] = cmd
    if (!head) throw new TemplateError(`empty command at line ${line}`)
    const args = rest.map((w) => evalArg(w, dot, line))
    if (i > 0) args.push(value)
    if (head.literal || head.text.startsWith('.')) {
      if (args.length) throw new TemplateError(`unexpected arguments after ${head.text} at line ${line}`)
      value = evalArg(head, dot, line)
    } else value = callFunc(head.text, args, opts, line)
  }
  return value
}

function evalArg(w: Word, dot: unknown, line: number): unknown {
  if (w.literal) return w.text
  if (w.text === '.') return dot
  if (w.text.startsWith('.')) {
    let v: unknown = dot
    for (const f of w.text.slice(1).split('.')) {
      if (v === null || typeof v !== 'object' || !(f in v)) throw new TemplateError(`no field "${f}" at line ${line}`)
      v = (v as Record<string, unknown>)[f]
    }
    return v
  }
  throw new TemplateError(`unexpected "${w.text}" at line ${line}`)
}

function callFunc(fn: string, args: unknown[], opts: TemplateOptions, line: number): unknown {
  if (fn === 'env') {
    if (args.length !== 1 || typeof args[0] !== 'string') throw new TemplateError(`env at line ${line} takes one quoted variable name, as in {{ env "NOMAD_PORT_http" }}`)
    return opts.env[args[0]] ?? ''
  }
  if (fn === 'nomadService') {
    if (!opts.services) throw new TemplateError(`function "nomadService" at line ${line} needs the service catalog, which this node agent does not provide`)
    if (args.length !== 1 || typeof args[0] !== 'string') throw new TemplateError(`nomadService at line ${line} takes one quoted service name`)
    return opts.services[args[0]] ?? []
  }
  if (fn === 'join' && args.length === 2 && typeof args[0] === 'string' && Array.isArray(args[1])) return args[1].join(args[0])
  const f = STRING_FUNCS[fn]
  if (f && args.length === 1) return f(show(args[0], line))
  throw new TemplateError(`function "${fn}" at line ${line} is not supported by zdev's template renderer (supported: ${SUPPORTED})`)
}

function show(v: unknown, line: number): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `[${v.map((x) => show(x, line)).join(' ')}]`
  throw new TemplateError(`cannot print a structure at line ${line}; pick a field such as {{ .Address }}`)
}

function needs(fn: string, line: number): TemplateError {
  return new TemplateError(`function "${fn}" at line ${line} needs ${NEEDS.get(fn)}, which zdev does not provide; use {{ env "NAME" }} or the task's env block instead`)
}
