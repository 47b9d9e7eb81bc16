import {Box, Text} from 'ink'
import React, {useEffect, useState} from 'react'
import type {LiveState} from './live-state.js'

export interface LiveSource {
  state(): LiveState
  subscribe(fn: () => void): () => void
}

const COLOR = {active: 'red', detected: 'yellow', healed: 'green', failed: 'red', done: 'green'} as const
const MARK = {active: '→', detected: '!', healed: '✓', failed: '✗', done: '✓'} as const

/** The chaos run live: elapsed time, the load's success rate and latency, each fault as it happens. */
export function ChaosLiveView({source}: {source: LiveSource}): React.ReactElement {
  const [s, setS] = useState(source.state())
  useEffect(() => source.subscribe(() => setS(source.state())), [source])
  const n = s.lastSecond.ok + s.lastSecond.failed
  const all = s.total.ok + s.total.failed
  const rate = n ? (s.lastSecond.ok / n) * 100 : 100
  return (
    <Box flexDirection="column">
      <Text bold>zdev chaos: {s.title}</Text>
      <Text>
        {((s.now - s.runStart) / 1000).toFixed(0)}s / {(s.durationMs / 1000).toFixed(0)}s · load <Text color={rate < 99 ? 'red' : 'green'}>{rate.toFixed(1)}% ok</Text> of {n} req/s · p50 {s.lastSecond.p50Ms ?? '—'} ms · p99 {s.lastSecond.p99Ms ?? '—'} ms · total {all ? ((s.total.ok / all) * 100).toFixed(2) : '—'}% of {all}
      </Text>
      {s.rows.map((r) => (
        <Text key={r.key}>
          <Text color={COLOR[r.status]}>{MARK[r.status]}</Text> {r.label} <Text dimColor>{r.detail}</Text>
        </Text>
      ))}
    </Box>
  )
}
