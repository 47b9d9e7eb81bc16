import {consulTemplateFuncNames} from './consul/index.js'
import {Template, TemplateError} from './index.js'

// Parse-only check of a template block's text, for `job validate`: the Go error
// ("template: NAME:LINE:COL: …") or null.

export function templateParseError(src: string, opts: {name?: string; leftDelim?: string; rightDelim?: string} = {}): string | null {
  try {
    Template.parse(src, {name: opts.name || 'template', leftDelim: opts.leftDelim || undefined, rightDelim: opts.rightDelim || undefined, funcs: consulTemplateFuncNames()})
    return null
  } catch (err) {
    if (err instanceof TemplateError) return err.message
    throw err
  }
}
