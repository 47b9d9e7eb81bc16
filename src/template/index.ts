import {BUILTINS} from './builtins.js'
import {execute} from './exec.js'
import type {FuncMap} from './funcs-def.js'
import {parseTrees, type TreeSet} from './parse.js'

// Go's text/template, as one pure engine: parse once (functions and variables checked at
// parse time), execute against data with an injected function table. No IO here.

export {TemplateError, FuncError} from './errors.js'
export {def, ArgError, str, int, num, strList, fail, type FuncDef, type FuncMap} from './funcs-def.js'
export {goStruct, withMethods, formatValue, isTrue} from './values.js'
export {sprintf} from './printf.js'
export {BUILTINS} from './builtins.js'

export interface TemplateConfig {
  name?: string
  leftDelim?: string
  rightDelim?: string
  /** Functions beside the builtins (a name here overrides a builtin, as Funcs does in Go). */
  funcs?: FuncMap
  errMissingKey?: boolean
}

export class Template {
  private constructor(
    readonly name: string,
    private readonly src: string,
    private readonly trees: TreeSet,
    private readonly funcs: FuncMap,
    private readonly errMissingKey: boolean,
  ) {}

  /** Parses src; throws TemplateError "template: NAME:LINE:COL: …" on bad syntax. */
  static parse(src: string, cfg: TemplateConfig = {}): Template {
    const name = cfg.name ?? 'template'
    const funcs = {...BUILTINS, ...cfg.funcs}
    const trees = parseTrees(src, {name, leftDelim: cfg.leftDelim, rightDelim: cfg.rightDelim, funcs: new Set(Object.keys(funcs))})
    return new Template(name, src, trees, funcs, cfg.errMissingKey ?? false)
  }

  /** Names of the templates defined (the main one and every define/block). */
  templates(): string[] {
    return [...this.trees.keys()]
  }

  /** Runs the main template (or a named one) with `data` as dot; returns the text. */
  execute(data?: unknown, funcs?: FuncMap, name?: string): string {
    return execute({name: this.name, src: this.src, trees: this.trees, funcs: funcs ? {...this.funcs, ...funcs} : this.funcs, errMissingKey: this.errMissingKey}, data, name)
  }
}

/** Parse and execute in one call. */
export function renderText(src: string, data?: unknown, cfg: TemplateConfig = {}): string {
  return Template.parse(src, cfg).execute(data)
}
