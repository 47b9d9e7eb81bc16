// The key help, shown in place of the panels.
import {Box} from 'ink'
import {SegmentLine} from './segment-line.js'
import type {Segment} from './view-types.js'

export function HelpOverlay({lines}: {lines: Segment[][]}) {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <SegmentLine key={i} segments={l} />
      ))}
    </Box>
  )
}
