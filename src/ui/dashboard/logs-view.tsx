// A component's log lines, shown in place of the panels.
import {Box, Text} from 'ink'
import {SegmentLine} from './segment-line.js'
import type {Segment} from './view-types.js'

export function LogsView({title, lines}: {title: Segment[]; lines: string[]}) {
  return (
    <Box flexDirection="column">
      <SegmentLine segments={title} inverse />
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  )
}
