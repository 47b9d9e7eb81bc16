// GET /v1/client/fs/logs/:alloc?task=&type=stdout|stderr&follow=&origin=start|end&offset=&plain=
// Nomad streams StreamFrames ({File, Offset, Data: base64}); with plain=true the raw bytes. Node
// agents write the rotated files on this laptop, so the server reads them from the state dir.
import {join} from 'node:path'
import {allocLogDir, followLogFrom, readAllLogs, type LogStream} from '../../cluster/log-files.js'
import {readClusterState} from '../../store/cluster-state.js'
import {ApiError, badRequest, notFound, type StreamHandler} from '../types.js'

export const allocLogs: StreamHandler = {
  kind: 'stream',
  async stream(ctx, req, res) {
    const st = await readClusterState(ctx.store)
    const a = st.allocs.find((x) => x.ID === req.params.alloc)
    if (!a) throw notFound('alloc')
    if (!ctx.stateDir) throw new ApiError(501, 'logs are not available: this server does not know the node state dir')
    const job = st.jobVersions[a.JobID]?.find((j) => j.Version === a.JobVersion) ?? st.jobs[a.JobID]
    const tasks = job?.TaskGroups.find((g) => g.Name === a.TaskGroup)?.Tasks.map((t) => t.Name) ?? []
    const task = req.query.get('task') ?? (tasks.length === 1 ? tasks[0]! : '')
    if (!task) throw badRequest('must include task name')
    if (!tasks.includes(task)) throw badRequest(`unknown task name "${task}"`)
    const type = (req.query.get('type') ?? 'stdout') as LogStream
    if (type !== 'stdout' && type !== 'stderr') throw badRequest(`logs type must be set to either "stdout" or "stderr"`)
    const origin = req.query.get('origin') ?? 'start'
    if (origin !== 'start' && origin !== 'end') throw badRequest(`origin must be start or end`)
    const offset = Number(req.query.get('offset') ?? 0)
    if (!Number.isInteger(offset) || offset < 0) throw badRequest('offset must be a non-negative integer')
    const plain = req.query.get('plain') === 'true'
    const dir = allocLogDir(join(ctx.stateDir, 'nodes', a.NodeName), a.ID)
    const file = `alloc/logs/${task}.${type}`
    let sent = 0
    const send = (b: Buffer) => {
      if (!b.length) return
      res.write(plain ? b : JSON.stringify({File: file, Offset: sent + b.length, Data: b.toString('base64')}))
      sent += b.length
    }
    res.writeHead(200, {'content-type': plain ? 'text/plain; charset=utf-8' : 'application/json'})
    const all = readAllLogs(dir, task, type)
    const from = origin === 'end' ? Math.max(0, all.data.length - offset) : Math.min(offset, all.data.length)
    send(all.data.subarray(from))
    if (req.query.get('follow') === 'true') {
      const beat = setInterval(() => plain || res.write('{}'), 10_000)
      try {
        await followLogFrom(dir, task, type, all.end, send, {signal: req.signal})
      } finally {
        clearInterval(beat)
      }
    }
    res.end()
  },
}
