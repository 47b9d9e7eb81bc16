import type {Store} from '../store/store.js'

// CreateIndex/ModifyIndex of objects: the create and mod revisions of the keys they are read
// from (an allocation is its desired state plus the status its node reports).

export interface Rev {
  create: number
  mod: number
}

export type Revisions = Map<string, Rev>

export async function readRevisions(store: Store): Promise<Revisions> {
  const p = store.keys.prefix
  // keys only: the revisions without the values (readClusterState has those)
  const res = await store.listRaw(p, {keysOnly: true})
  const out: Revisions = new Map()
  for (const kv of res.kvs) out.set(kv.key, {create: kv.createRevision, mod: kv.modRevision})
  return out
}

export interface Indexes {
  CreateIndex: number
  ModifyIndex: number
}

/** Indexes over the keys an object is made of (missing keys are skipped). */
export function indexesOf(revs: Revisions, ...keys: string[]): Indexes {
  let create = 0
  let mod = 0
  for (const k of keys) {
    const r = revs.get(k)
    if (!r) continue
    create = create === 0 ? r.create : Math.min(create, r.create)
    mod = Math.max(mod, r.mod)
  }
  return {CreateIndex: create, ModifyIndex: mod}
}
