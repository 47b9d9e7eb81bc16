// Small edge helpers the cluster commands share: durations from flags, Ctrl-C as an abort
// signal, and where a node keeps its alloc dirs on this laptop.
import path from 'node:path'
import {parseDuration} from '../jobspec/duration.js'
import {UserError} from '../lib/errors.js'

/** A Go-style duration flag ("5m", "90s") in milliseconds. */
export function parseDurationFlag(flag: string, text: string): number {
  const ns = parseDuration(text)
  if (ns === undefined || ns < 0) throw new UserError(`Invalid --${flag} ${JSON.stringify(text)}; use a duration such as 30s, 5m or 1h.`, {code: 'invalid_flag', field: flag})
  return ns / 1e6
}

/** An AbortSignal that fires on the first SIGINT (Ctrl-C); dispose() removes the handler. */
export function abortOnSigint(): {signal: AbortSignal; dispose: () => void} {
  const ac = new AbortController()
  const onInt = () => ac.abort()
  process.once('SIGINT', onInt)
  return {signal: ac.signal, dispose: () => process.removeListener('SIGINT', onInt)}
}

/** A node agent's state dir under the platform's state dir (see agents/agent-config.ts). */
export function platformNodeDir(stateDir: string): (nodeName: string) => string {
  return (name) => path.join(stateDir, 'nodes', name)
}

/** Colour only for a terminal, and not when NO_COLOR is set. */
export function useColour(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR
}
