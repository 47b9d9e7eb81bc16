import type {ServiceRegistration} from '../model/index.js'
import type {Store} from './store.js'

/**
 * The service catalog as a stream of whole states: every change under services/ yields the
 * complete, current list (a burst of changes coalesces into one state; latest wins).
 */
export async function* watchCatalog(store: Store, signal?: AbortSignal): AsyncGenerator<ServiceRegistration[]> {
  let dirty = true
  let wake: (() => void) | null = null
  const first = await store.list<ServiceRegistration>(store.keys.services)
  const cancel = await store.watch(
    store.keys.services,
    () => {
      dirty = true
      wake?.()
    },
    first.revision,
  )
  signal?.addEventListener('abort', () => wake?.())
  try {
    let items = first.items
    dirty = false
    yield items.map((e) => e.value)
    while (!signal?.aborted) {
      if (!dirty) await new Promise<void>((r) => (wake = r))
      wake = null
      if (signal?.aborted) break
      dirty = false
      try {
        items = (await store.list<ServiceRegistration>(store.keys.services)).items
      } catch {
        // quorum trouble: keep routing with the last known catalog and try again shortly
        await new Promise((r) => setTimeout(r, 500))
        dirty = true
        continue
      }
      yield items.map((e) => e.value)
    }
  } finally {
    await cancel()
  }
}
