import {UserError} from '../lib/errors.js'
import type {Variable, VariableMetadata} from '../model/index.js'
import {itemsError, pathError} from './variable-rules.js'
import {enc, type Entry, type Store} from './store.js'

// Nomad Variables in the KV under variables/<namespace>/<path>. The KV's revisions are the
// variable's indexes, so check-and-set (`-check-index`) is one compare on the key's revision:
// 0 means "must not exist yet", N means "must still be at ModifyIndex N".

interface Stored {
  Items: Record<string, string>
  CreateIndex: number // 0 until the first update: the first write's revision is then its index
  CreateTime: number
  ModifyTime: number
}

export interface PutOptions {
  namespace?: string
  checkIndex?: number
  now?: () => number
}

function toVariable(namespace: string, path: string, e: Entry<Stored>): Variable {
  return {Namespace: namespace, Path: path, CreateIndex: e.value.CreateIndex || e.modRevision, ModifyIndex: e.modRevision, CreateTime: e.value.CreateTime, ModifyTime: e.value.ModifyTime, Items: e.value.Items}
}

function invalid(path: string, msg: string): UserError {
  return new UserError(`Variable "${path}" is not valid: ${msg}.`, {code: 'invalid', field: 'path'})
}

function conflict(path: string, want: number, have: Variable | null): UserError {
  return new UserError(
    `Check-and-Set conflict on variable "${path}": check-index ${want} does not match the current index ${have ? have.ModifyIndex : 0}${have ? '' : ' (the variable does not exist)'}.`,
    {code: 'conflict', hint: `read it again with \`zdev var get ${path}\` and pass its Check Index`},
  )
}

export async function getVariable(store: Store, path: string, namespace = 'default'): Promise<Variable | null> {
  const e = await store.get<Stored>(store.keys.variable(namespace, path))
  return e ? toVariable(namespace, path, e) : null
}

/** Every variable of a namespace (all namespaces with '*') whose path starts with prefix. */
export async function listVariables(store: Store, prefix = '', namespace = 'default'): Promise<Variable[]> {
  const base = store.keys.variables
  const l = await store.list<Stored>(namespace === '*' ? base : store.keys.variableNamespace(namespace))
  return l.items
    .map((e) => {
      const rest = e.key.slice(base.length)
      const i = rest.indexOf('/')
      return toVariable(decodeURIComponent(rest.slice(0, i)), rest.slice(i + 1), e)
    })
    .filter((v) => v.Path.startsWith(prefix))
    .sort((a, b) => (a.Namespace + a.Path < b.Namespace + b.Path ? -1 : 1))
}

/** Creates or replaces a variable's items; with checkIndex, only if the index still matches. */
export async function putVariable(store: Store, path: string, items: Record<string, string>, opts: PutOptions = {}): Promise<Variable> {
  const namespace = opts.namespace ?? 'default'
  const bad = pathError(path) ?? itemsError(items)
  if (bad) throw invalid(path, bad)
  const key = store.keys.variable(namespace, path)
  const now = (opts.now ?? Date.now)() * 1e6
  for (let attempt = 0; attempt < 5; attempt++) {
    const prev = await store.get<Stored>(key)
    const prevRev = prev?.modRevision ?? 0
    if (opts.checkIndex !== undefined && opts.checkIndex !== prevRev) throw conflict(path, opts.checkIndex, prev ? toVariable(namespace, path, prev) : null)
    const value: Stored = prev
      ? {Items: items, CreateIndex: prev.value.CreateIndex || prev.modRevision, CreateTime: prev.value.CreateTime, ModifyTime: now}
      : {Items: items, CreateIndex: 0, CreateTime: now, ModifyTime: now}
    const ok = await store.txn(`write variable ${path}`, {
      compare: [{key: enc(key), target: 'Mod', result: 'Equal', mod_revision: prevRev}],
      success: [{request_put: {key: enc(key), value: enc(JSON.stringify(value))}}],
      failure: [],
    })
    if (ok) return (await getVariable(store, path, namespace))!
    if (opts.checkIndex !== undefined) throw conflict(path, opts.checkIndex, await getVariable(store, path, namespace))
  }
  throw new UserError(`Variable "${path}" kept changing while it was being written; try again.`, {code: 'conflict'})
}

/** Deletes a variable (Nomad's `var purge`); with checkIndex, only at that index. */
export async function purgeVariable(store: Store, path: string, opts: {namespace?: string; checkIndex?: number} = {}): Promise<boolean> {
  const namespace = opts.namespace ?? 'default'
  const key = store.keys.variable(namespace, path)
  const prev = await store.get<Stored>(key)
  if (opts.checkIndex !== undefined && opts.checkIndex !== (prev?.modRevision ?? 0)) throw conflict(path, opts.checkIndex, prev ? toVariable(namespace, path, prev) : null)
  if (!prev) return false
  const ok = await store.txn(`purge variable ${path}`, {
    compare: [{key: enc(key), target: 'Mod', result: 'Equal', mod_revision: prev.modRevision}],
    success: [{request_delete_range: {key: enc(key)}}],
    failure: [],
  })
  if (!ok && opts.checkIndex !== undefined) throw conflict(path, opts.checkIndex, await getVariable(store, path, namespace))
  return ok || (await getVariable(store, path, namespace)) === null
}

export function metadataOf(v: Variable): VariableMetadata {
  const {Items: _i, ...meta} = v
  return meta
}
