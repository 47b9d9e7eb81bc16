// Rows of the variables panel: each Nomad Variable's namespace/path and its key names. Values
// are secrets: the snapshot never carries them, so this panel cannot show one.
import {fit} from './format.js'
import type {PanelContent} from './rows-quorum.js'
import type {Variable} from '../../model/variable.js'
import type {DashboardSnapshot, VariableInfo} from './types.js'
import type {RowView, Segment} from './view-types.js'

/** What the data source keeps of each variable: where it is and its key names; the values are dropped here. */
export function variableInfos(vars: readonly Variable[]): VariableInfo[] {
  return vars.map((v) => ({namespace: v.Namespace, path: v.Path, keys: Object.keys(v.Items).sort(), modifyTime: Math.round(v.ModifyTime / 1e6)}))
}

export function buildVariableRows(snap: DashboardSnapshot, width: number): PanelContent {
  const vars = [...(snap.variables ?? [])].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.path.localeCompare(b.path))
  const keys = vars.reduce((n, v) => n + v.keys.length, 0)
  const title: Segment[] = [{text: 'Variables ', bold: true}, {text: `${vars.length} path${vars.length === 1 ? '' : 's'}, ${keys} key${keys === 1 ? '' : 's'} (values hidden)`, tone: 'dim'}]
  const label = (v: {namespace: string; path: string}) => (v.namespace === 'default' ? v.path : `${v.namespace}:${v.path}`)
  const pathW = Math.min(Math.max(8, Math.floor(width / 2)), Math.max(8, ...vars.map((v) => label(v).length)))
  const rows = vars.map((v): RowView => {
    const segments: Segment[] = [{text: '◆ ', tone: 'accent'}, {text: fit(label(v), pathW) + '  '}]
    const used = segments.reduce((n, s) => n + s.text.length, 0)
    segments.push({text: fit(v.keys.length ? v.keys.join(', ') : '(no keys)', Math.max(0, width - used)), tone: 'dim'})
    return {key: `${v.namespace}/${v.path}`, segments, selected: false}
  })
  return {title, rows}
}
