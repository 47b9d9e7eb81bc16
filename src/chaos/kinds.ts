import {UserError} from '../lib/errors.js'
import {suggestNearest} from '../platform/suggest.js'
import {FAULT_KINDS, type FaultKind} from './types.js'

/** "etcd,node" → ['etcd', 'node'] (order kept, duplicates dropped); an unknown kind is a clear error. */
export function parseFaultKinds(text: string, field = 'faults'): FaultKind[] {
  const words = text.split(',').map((w) => w.trim()).filter(Boolean)
  if (words.length === 0) throw new UserError(`--${field}: no fault kind given; use one or more of ${FAULT_KINDS.join(', ')}, comma-separated`, {code: 'invalid_flag', field, exitCode: 2})
  const out: FaultKind[] = []
  for (const w of words) {
    const k = w.toLowerCase()
    if (!(FAULT_KINDS as readonly string[]).includes(k)) {
      const near = suggestNearest(k, FAULT_KINDS)
      throw new UserError(`--${field}: "${w}" is not a fault kind${near ? `; did you mean "${near}"?` : ''} (kinds: ${FAULT_KINDS.join(', ')})`, {code: 'invalid_flag', field, exitCode: 2})
    }
    if (!out.includes(k as FaultKind)) out.push(k as FaultKind)
  }
  return out
}
