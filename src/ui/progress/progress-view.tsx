import {useSyncExternalStore} from 'react'
import {Box, Text} from 'ink'
import Spinner from 'ink-spinner'
import type {StepRow} from './steps.js'

export interface StepSource {
  rows(): StepRow[]
  subscribe(fn: () => void): () => void
}

function Row({row}: {row: StepRow}) {
  const time = row.ms !== undefined ? <Text dimColor> ({row.ms} ms)</Text> : null
  if (row.phase === 'running') {
    return (
      <Text>
        <Text color="cyan"><Spinner type="dots" /></Text> {row.name}
      </Text>
    )
  }
  if (row.phase === 'failed') return <Text><Text color="red">✗</Text> {row.name} failed{time}</Text>
  if (row.phase === 'skipped') return <Text><Text dimColor>•</Text> {row.name} <Text dimColor>{row.detail ?? 'skipped'}</Text></Text>
  return <Text><Text color="green">✓</Text> {row.name} {row.detail ?? 'done'}{time}</Text>
}

/** Each component: spinner while it starts, then ✓/✗ and its time. */
export function ProgressView({source, title}: {source: StepSource; title?: string}) {
  const rows = useSyncExternalStore(source.subscribe, source.rows)
  return (
    <Box flexDirection="column">
      {title ? <Text bold>{title}</Text> : null}
      {rows.map((r) => <Row key={r.name} row={r} />)}
    </Box>
  )
}
