import {def, type FuncMap} from '../funcs-def.js'
import {dataFuncs, type TemplateData} from './data.js'
import {ENCODING_FUNCS} from './encoding.js'
import {SPRIG_FUNCS} from './sprig.js'
import {STRING_FUNCS} from './strings.js'

// consul-template's function set as Nomad's template block offers it.

export {MissingDependency, type CatalogInstance, type TemplateData, type VarRead} from './data.js'
export type {Variable, VariableMeta} from './nomad-vars.js'
export {formatGoTime} from './go-time.js'

/** Functions that exist in consul-template but need Consul or Vault, which zdev does not run. */
const UNAVAILABLE: Record<string, string> = {
  secret: 'Vault', secrets: 'Vault', pkiCert: 'Vault', caLeaf: 'Consul Connect', caRoots: 'Consul Connect', connect: 'Consul Connect',
  datacenters: 'Consul', node: 'Consul', nodes: 'Consul', file: 'a file on the client host', plugin: 'plugins (Nomad denies it)', writeToFile: 'writeToFile (Nomad denies it)',
  scratch: 'the scratch pad',
}

export function consulTemplateFuncs(data: TemplateData): FuncMap {
  const unavailable: FuncMap = Object.fromEntries(Object.entries(UNAVAILABLE).map(([name, what]) => [name, {
    min: 0, max: Infinity,
    call: () => {
      throw new Error(`${name} needs ${what}, which zdev does not provide`)
    },
  }]))
  const executeTemplate = def(() => undefined, 1, 2) // run by the executor itself
  return {...unavailable, executeTemplate, ...STRING_FUNCS, ...ENCODING_FUNCS, ...SPRIG_FUNCS, ...dataFuncs(data)}
}

/** The same names with no data behind them: enough to parse (e.g. at `job validate`). */
export function consulTemplateFuncNames(): FuncMap {
  return consulTemplateFuncs({env: {}, now: () => 0})
}
