import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, isAbsolute, relative, resolve} from 'node:path'
import type {Node, Template as TemplateSpec} from '../../model/index.js'
import type {WorkloadIdentity} from '../../store/variable-rules.js'
import {consulTemplateFuncNames, consulTemplateFuncs, MissingDependency} from '../../template/consul/index.js'
import {Template, TemplateError} from '../../template/index.js'
import {parseEnvFile} from './env-file.js'
import {interpolateString} from './interpolate.js'
import {templateData, type TemplateSnapshot, type TemplateSource} from './template-data.js'
import {TemplateFailure} from './template-failure.js'

// Renders a task's `template` blocks into its directory with the Go template engine and
// consul-template's functions, against one snapshot of the cluster's data.

export interface RenderContext {
  node: Node
  identity: WorkloadIdentity
  region: string
  source?: TemplateSource
  now?: () => number
}

export interface RenderResult {
  /** Variables of `env = true` templates, to layer onto the task's environment. */
  env: Record<string, string>
  /** Rendered text per template index, to notice changes on re-render. */
  texts: string[]
}

export {MissingDependency}

/**
 * Renders every template; a file whose text equals `previous[i]` is left untouched. Throws
 * TemplateFailure, or MissingDependency while data a template needs does not exist yet.
 */
export async function renderTaskTemplates(
  templates: TemplateSpec[],
  env: Record<string, string>,
  taskDir: string,
  ctx: RenderContext,
  previous?: string[],
): Promise<RenderResult> {
  const out: RenderResult = {env: {}, texts: []}
  if (!templates.length) return out
  const parsed = templates.map((t, i) => parseOne(t, templateSource(t, taskDir, describe(t, i, env)), describe(t, i, env), env))
  const snapshot: TemplateSnapshot | null = ctx.source ? await ctx.source.snapshot() : null
  const funcs = consulTemplateFuncs(templateData({env, node: ctx.node, identity: ctx.identity, region: ctx.region, snapshot, now: ctx.now ?? Date.now}))
  const texts = templates.map((t, i) => {
    try {
      return parsed[i]!.execute(undefined, funcs)
    } catch (err) {
      if (err instanceof TemplateError) throw new TemplateFailure(`${describe(t, i, env)}: ${err.message}`)
      throw err
    }
  })
  for (const [i, t] of templates.entries()) {
    const text = texts[i]!
    const where = describe(t, i, env)
    if (previous?.[i] !== text) writeTemplate(t, text, env, taskDir, where)
    out.texts.push(text)
    if (t.Envvars) {
      try {
        Object.assign(out.env, parseEnvFile(text))
      } catch (err) {
        throw new TemplateFailure(`${where}: ${(err as Error).message}`)
      }
    }
  }
  return out
}

function parseOne(t: TemplateSpec, src: string, where: string, env: Record<string, string>): Template {
  try {
    return Template.parse(src, {name: interpolateString(t.DestPath, {env}), leftDelim: t.LeftDelim || undefined, rightDelim: t.RightDelim || undefined, funcs: consulTemplateFuncNames(), errMissingKey: t.ErrMissingKey === true})
  } catch (err) {
    if (err instanceof TemplateError) throw new TemplateFailure(`${where}: ${err.message}`)
    throw err
  }
}

function describe(t: TemplateSpec, i: number, env: Record<string, string>): string {
  return `template ${i + 1} (destination "${interpolateString(t.DestPath, {env})}")`
}

function writeTemplate(t: TemplateSpec, text: string, env: Record<string, string>, taskDir: string, where: string): void {
  const path = resolve(taskDir, interpolateString(t.DestPath, {env}))
  if (relative(dirname(taskDir), path).startsWith('..')) throw new TemplateFailure(`${where}: destination escapes the allocation directory`)
  mkdirSync(dirname(path), {recursive: true})
  const mode = parseInt(t.Perms || '644', 8)
  writeFileSync(path, text, {mode})
  chmodSync(path, mode)
}

function templateSource(t: TemplateSpec, taskDir: string, where: string): string {
  if (t.EmbeddedTmpl != null && t.EmbeddedTmpl !== '') return t.EmbeddedTmpl
  if (t.SourcePath) {
    const p = isAbsolute(t.SourcePath) ? t.SourcePath : resolve(taskDir, t.SourcePath)
    try {
      return readFileSync(p, 'utf8')
    } catch {
      throw new TemplateFailure(`${where}: source file "${t.SourcePath}" cannot be read`)
    }
  }
  return ''
}
