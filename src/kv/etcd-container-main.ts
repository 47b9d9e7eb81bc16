// One etcd member as a container, kept by a small host process:
//   node dist/kv/etcd-container-main.js '<EtcdContainerSpec json>'
// It is what state.json records (pid, argv, start time, marker), so `down`, `kv stop|start`,
// the supervisor and the identity checks treat a container member exactly as a process member.
// It removes a leftover container of the same name, creates the member's volume (labelled),
// starts the container with the output attached to its own stdout/stderr (the member's log),
// and exits with the container's exit code. SIGTERM/SIGINT stop the container (2 s, then
// SIGKILL); the container is removed, the volume kept.
import {Writable} from 'node:stream'
import type Docker from 'dockerode'
import {bounded, describeDockerError, findDaemon} from '../drivers/docker-host.js'
import {etcdCreateOptions, type EtcdContainerSpec} from './etcd-container-spec.js'

const CALL_MS = 15_000
const say = (msg: string) => process.stderr.write(`${new Date().toISOString()} zdev etcd-container: ${msg}\n`)

async function main(): Promise<number> {
  const spec = JSON.parse(process.argv[2] ?? '') as EtcdContainerSpec
  const d = await findDaemon({timeoutMs: 5000})
  if (!d.ok) {
    say(`no Docker daemon answers (${d.tried.map((t) => `${t.host}: ${t.problem}`).join('; ')}); ${d.hint}`)
    return 1
  }
  const docker = d.docker
  let stopping = false
  let container: Docker.Container | null = null
  const stop = () => {
    if (stopping) return
    stopping = true
    if (container) void bounded(container.stop({t: 2}), CALL_MS).catch(() => undefined)
    else process.exit(0)
  }
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, stop)
  await bounded(docker.getContainer(spec.container).remove({force: true}), CALL_MS).catch(() => undefined)
  await bounded(docker.createVolume({Name: spec.volume, Labels: spec.labels}), CALL_MS)
  container = await bounded(docker.createContainer(etcdCreateOptions(spec)), CALL_MS)
  try {
    const stream = await bounded(container.attach({stream: true, stdout: true, stderr: true}), CALL_MS)
    docker.modem.demuxStream(stream, pass(process.stdout), pass(process.stderr))
    await bounded(container.start(), CALL_MS)
    if (stopping) await bounded(container.stop({t: 2}), CALL_MS).catch(() => undefined)
    const r = (await container.wait()) as {StatusCode: number}
    if (!stopping) say(`container ${spec.container} exited ${r.StatusCode}`)
    return stopping ? 0 : r.StatusCode || 1
  } finally {
    await bounded(container.remove({force: true}), CALL_MS).catch(() => undefined)
  }
}

function pass(out: NodeJS.WriteStream): Writable {
  return new Writable({write: (chunk: Buffer, _e, cb) => void out.write(chunk, () => cb())})
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`cannot run the member's container: ${describeDockerError(err)}`)
    process.exit(1)
  },
)
