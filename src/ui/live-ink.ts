import type {Instance} from 'ink'

/** A value an Ink view reads and re-renders on: `set` replaces it and tells every subscriber. */
export interface LiveValue<S> {
  get(): S
  set(next: S): void
  subscribe(fn: () => void): () => void
}

export function liveValue<S>(initial: S): LiveValue<S> {
  let value = initial
  const listeners = new Set<() => void>()
  return {
    get: () => value,
    set(next) {
      value = next
      for (const fn of listeners) fn()
    },
    subscribe(fn) {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    },
  }
}

/** Let a live view draw its last frame, then release the terminal. */
export async function finishInk(app: Instance): Promise<void> {
  await new Promise((r) => setTimeout(r, 20))
  // Ask for the exit promise before unmounting: asked afterwards, Ink's promise never settles.
  const exited = app.waitUntilExit()
  app.unmount()
  await exited
}
