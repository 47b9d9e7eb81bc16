import {TemplateFailure} from './template-failure.js'

/** KEY=VALUE lines of an `env = true` template; blank lines and # comments are skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const body = line.startsWith('export ') ? line.slice(7).trim() : line
    const eq = body.indexOf('=')
    if (eq <= 0) throw new TemplateFailure(`line ${i + 1} of the env template is not KEY=VALUE: "${raw}"`)
    let value = body.slice(eq + 1).trim()
    const q = value[0]
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) value = value.slice(1, -1)
    out[body.slice(0, eq).trim()] = value
  }
  return out
}
