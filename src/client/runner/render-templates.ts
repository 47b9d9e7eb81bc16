import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, isAbsolute, relative, resolve} from 'node:path'
import type {Template} from '../../model/index.js'
import {interpolateString} from './interpolate.js'
import {parseEnvFile, renderTemplate, templateServiceNames, TemplateError, type TemplateService} from './template.js'

// Renders a task's `template` blocks into its directory. Templates that read the service
// catalog (`nomadService`) get their instances fetched first through the agent's lookup.

export type ServiceLookup = (name: string) => Promise<TemplateService[]>

export interface RenderResult {
  /** Variables of `env = true` templates, to layer onto the task's environment. */
  env: Record<string, string>
  /** Rendered text per template index, to notice changes on re-render. */
  texts: string[]
}

/** Renders every template; a file whose text equals `previous[i]` is left untouched. */
export async function renderTaskTemplates(
  templates: Template[],
  env: Record<string, string>,
  taskDir: string,
  lookup?: ServiceLookup,
  previous?: string[],
): Promise<RenderResult> {
  const sources = templates.map((t, i) => templateSource(t, taskDir, describe(t, i, env)))
  const services = lookup ? await fetchServices(sources, lookup) : undefined
  const out: RenderResult = {env: {}, texts: []}
  for (const [i, t] of templates.entries()) {
    const where = describe(t, i, env)
    let text: string
    try {
      text = renderTemplate(sources[i]!, {env, services, leftDelim: t.LeftDelim, rightDelim: t.RightDelim})
    } catch (err) {
      if (err instanceof TemplateError) throw new TemplateError(`${where}: ${err.message}`)
      throw err
    }
    if (previous?.[i] !== text) writeTemplate(t, text, env, taskDir, where)
    out.texts.push(text)
    if (t.Envvars) {
      try {
        Object.assign(out.env, parseEnvFile(text))
      } catch (err) {
        throw new TemplateError(`${where}: ${(err as Error).message}`)
      }
    }
  }
  return out
}

/** True when some template reads the service catalog, so it may change while the task runs. */
export function templatesWatchServices(templates: Template[], taskDir: string): boolean {
  return templates.some((t, i) => {
    try {
      return templateServiceNames(templateSource(t, taskDir, String(i))).length > 0
    } catch {
      return false
    }
  })
}

async function fetchServices(sources: string[], lookup: ServiceLookup): Promise<Record<string, TemplateService[]>> {
  const names = [...new Set(sources.flatMap(templateServiceNames))]
  const lists = await Promise.all(names.map((n) => lookup(n)))
  return Object.fromEntries(names.map((n, i) => [n, lists[i]!]))
}

function describe(t: Template, i: number, env: Record<string, string>): string {
  return `template ${i + 1} (destination "${interpolateString(t.DestPath, {env})}")`
}

function writeTemplate(t: Template, text: string, env: Record<string, string>, taskDir: string, where: string): void {
  const path = resolve(taskDir, interpolateString(t.DestPath, {env}))
  if (relative(dirname(taskDir), path).startsWith('..')) throw new TemplateError(`${where}: destination escapes the allocation directory`)
  mkdirSync(dirname(path), {recursive: true})
  const mode = parseInt(t.Perms || '644', 8)
  writeFileSync(path, text, {mode})
  chmodSync(path, mode)
}

function templateSource(t: Template, taskDir: string, where: string): string {
  if (t.EmbeddedTmpl != null && t.EmbeddedTmpl !== '') return t.EmbeddedTmpl
  if (t.SourcePath) {
    const p = isAbsolute(t.SourcePath) ? t.SourcePath : resolve(taskDir, t.SourcePath)
    try {
      return readFileSync(p, 'utf8')
    } catch {
      throw new TemplateError(`${where}: source file "${t.SourcePath}" cannot be read`)
    }
  }
  return ''
}
