// The parse tree of a template, shaped like Go's text/template/parse nodes.

export type Node =
  | {type: 'text'; pos: number; text: string}
  | {type: 'action'; pos: number; pipe: Pipe}
  | Control
  | {type: 'template'; pos: number; name: string; pipe: Pipe | null}
  | {type: 'break' | 'continue'; pos: number}

export interface Control {
  type: 'if' | 'with' | 'range'
  pos: number
  pipe: Pipe
  list: Node[]
  elseList: Node[] | null
}

export interface Pipe {
  pos: number
  decl: string[]
  isAssign: boolean
  cmds: Command[]
}

export interface Command {
  pos: number
  args: Arg[]
}

export type Arg =
  | {type: 'field'; pos: number; ident: string[]} // .A.B
  | {type: 'chain'; pos: number; node: Arg; field: string[]} // (x).A.B
  | {type: 'variable'; pos: number; ident: string[]} // $x.A.B
  | {type: 'identifier'; pos: number; name: string} // a function
  | {type: 'dot'; pos: number}
  | {type: 'nil'; pos: number}
  | {type: 'bool'; pos: number; value: boolean}
  | {type: 'number'; pos: number; value: number; text: string; isInt: boolean}
  | {type: 'string'; pos: number; value: string; text: string}
  | {type: 'pipe'; pos: number; pipe: Pipe}

/** The source form of a node, as Go prints it in "executing ... at <…>". */
export function argString(a: Arg): string {
  switch (a.type) {
    case 'field': return '.' + a.ident.join('.')
    case 'chain': return `${a.node.type === 'pipe' ? `(${pipeString(a.node.pipe)})` : argString(a.node)}.${a.field.join('.')}`
    case 'variable': return a.ident.join('.')
    case 'identifier': return a.name
    case 'dot': return '.'
    case 'nil': return 'nil'
    case 'bool': return String(a.value)
    case 'number': return a.text
    case 'string': return a.text
    case 'pipe': return `(${pipeString(a.pipe)})`
  }
}

export function commandString(c: Command): string {
  return c.args.map(argString).join(' ')
}

export function pipeString(p: Pipe): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : ''
  return decl + p.cmds.map(commandString).join(' | ')
}

export function nodeString(n: Node): string {
  switch (n.type) {
    case 'text': return n.text
    case 'action': return `{{${pipeString(n.pipe)}}}`
    case 'template': return `{{template ${JSON.stringify(n.name)}${n.pipe ? ' ' + pipeString(n.pipe) : ''}}}`
    case 'break': case 'continue': return `{{${n.type}}}`
    default: return `{{${n.type} ${pipeString(n.pipe)}}}`
  }
}
