// GET /v1/event/stream?topic=Job:web&topic=Allocation:*&index=N — Nomad's event stream as
// newline-delimited JSON: {"Index":…, "Events":[{Topic, Type, Key, Namespace, Index, Payload}]},
// and {} as a heartbeat every 10 s. Built from a watch over the KV: one event per changed key.
import type {WatchEvent} from '../../store/store.js'
import {tableOf} from '../table-index.js'
import {badRequest, type StreamHandler} from '../types.js'

interface TopicOf {
  topic: string
  put: string
  del: string
  payload: string
}

const TABLES: Record<string, TopicOf> = {
  jobs: {topic: 'Job', put: 'JobRegistered', del: 'JobDeregistered', payload: 'Job'},
  allocs: {topic: 'Allocation', put: 'AllocationUpdated', del: 'AllocationUpdated', payload: 'Allocation'},
  evals: {topic: 'Evaluation', put: 'EvaluationUpdated', del: 'EvaluationUpdated', payload: 'Evaluation'},
  deployments: {topic: 'Deployment', put: 'DeploymentStatusUpdate', del: 'DeploymentStatusUpdate', payload: 'Deployment'},
  nodes: {topic: 'Node', put: 'NodeRegistration', del: 'NodeDeregistration', payload: 'Node'},
  services: {topic: 'Service', put: 'ServiceRegistration', del: 'ServiceDeregistration', payload: 'Service'},
}

/** `?topic=Job:web` → {Job: Set(['web'])}; no topic = everything (`*:*`). Pure. */
export function parseTopics(values: string[]): Map<string, Set<string>> | null {
  if (!values.length) return null
  const out = new Map<string, Set<string>>()
  for (const v of values) {
    const [topic, key = '*'] = v.split(':', 2) as [string, string?]
    if (!topic) throw badRequest(`Invalid topic query value: ${JSON.stringify(v)}`)
    ;(out.get(topic) ?? out.set(topic, new Set()).get(topic)!).add(key)
  }
  return out
}

export function wanted(topics: Map<string, Set<string>> | null, topic: string, key: string): boolean {
  if (!topics) return true
  for (const t of [topic, '*']) {
    const keys = topics.get(t)
    if (keys && (keys.has('*') || keys.has(key))) return true
  }
  return false
}

/** One KV change as a Nomad event, or null for keys that are not a topic. Pure. */
export function toEvent(prefix: string, e: WatchEvent): {Topic: string; Type: string; Key: string; Namespace: string; Index: number; Payload: Record<string, unknown>} | null {
  const table = tableOf(prefix, e.key)
  const t = table ? TABLES[table] : undefined
  if (!t) return null
  const value = e.value ? (JSON.parse(e.value) as {ID?: string; Namespace?: string}) : null
  const key = value?.ID ?? decodeURIComponent(e.key.slice(e.key.lastIndexOf('/') + 1))
  return {Topic: t.topic, Type: e.type === 'put' ? t.put : t.del, Key: key, Namespace: value?.Namespace ?? 'default', Index: e.revision, Payload: {[t.payload]: value}}
}

export const eventStream: StreamHandler = {
  kind: 'stream',
  async stream(ctx, req, res) {
    const topics = parseTopics(req.query.getAll('topic'))
    const from = Number(req.query.get('index') ?? 0)
    if (!Number.isInteger(from) || from < 0) throw badRequest('index must be a non-negative integer')
    res.writeHead(200, {'content-type': 'application/json'})
    const prefix = ctx.store.keys.prefix
    const cancel = await ctx.store.watch(
      prefix,
      (e) => {
        const ev = toEvent(prefix, e)
        if (ev && wanted(topics, ev.Topic, ev.Key)) res.write(`${JSON.stringify({Index: ev.Index, Events: [ev]})}\n`)
      },
      from > 0 ? from : ctx.tables.index(Object.keys(TABLES)),
    )
    const beat = setInterval(() => res.write('{}\n'), 10_000)
    try {
      await new Promise<void>((resolve) => (req.signal.aborted ? resolve() : req.signal.addEventListener('abort', () => resolve())))
    } finally {
      clearInterval(beat)
      await cancel()
      res.end()
    }
  },
}
