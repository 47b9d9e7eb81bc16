import {randomUUID} from 'node:crypto'

/** A new unique id (UUID v4, as Nomad's ids are). Edge code only: the pure core takes ids injected. */
export function newId(): string {
  return randomUUID()
}

export function shortId(id: string): string {
  return id.slice(0, 8)
}
