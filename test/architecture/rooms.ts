// The rooms of src/ in the order imports may point: a file may import from its own room or from
// any room in a LATER layer, never from an earlier layer and never from a sibling in its own layer
// (siblings share a layer because neither needs the other). ARCHITECTURE.md prints the same order;
// test/architecture/imports.test.ts enforces both.

export const ROOM_LAYERS: readonly (readonly string[])[] = [
  ['entry'], // src/*.ts: the processes' entry points (agent.ts, supervise.ts)
  ['agents', 'commands'], // each agent kind's main and settings; oclif commands
  ['cli'], // the oclif base command and what several commands share
  ['ui'], // Ink views and their pure view models
  ['api'], // Nomad's HTTP API inside a server process (reuses cluster's readers and writers)
  ['cluster', 'remote', 'chaos'], // the CLI's operations on a running cluster; the CLI as a Nomad API client; zdev chaos
  ['platform'], // the platform file, the lifecycle plan and its executor, state.json, components
  ['server', 'client', 'proxy'], // the three agent kinds
  ['kv'], // etcd itself: the binary, flags, member status, etcd members as containers (through drivers' docker pieces)
  ['drivers', 'store', 'scheduler', 'jobspec'], // task drivers, KV layout, pure scheduler, job files
  ['template'], // pure Go text/template (used by jobspec's validation and the client's runner)
  ['model', 'lib'], // plain types; small shared pieces with no room above them
]

/** The room a file under src/ belongs to: its first folder, or `entry` for src/*.ts. */
export function roomOf(relativeToSrc: string): string {
  const parts = relativeToSrc.split('/')
  return parts.length === 1 ? 'entry' : parts[0]!
}

/** The layer index of a room, or undefined if the order does not list it. */
export function layerOf(room: string, layers: readonly (readonly string[])[] = ROOM_LAYERS): number | undefined {
  const i = layers.findIndex((layer) => layer.includes(room))
  return i < 0 ? undefined : i
}

/** The order as one line, as ARCHITECTURE.md prints it: `a → (b, c) → d`. */
export function orderLine(layers: readonly (readonly string[])[] = ROOM_LAYERS): string {
  return layers.map((l) => (l.length === 1 ? l[0]! : `(${l.join(', ')})`)).join(' → ')
}
