// Any panel (quorum, servers, nodes, jobs, allocations, proxies, events): they differ only in
// the rows buildView laid out: a title line (inverse when focused, with how many rows did not
// fit), then the rows.
import {Box, Text} from 'ink'
import {SegmentLine} from './segment-line.js'
import type {PanelView} from './view-types.js'

export function Panel({panel}: {panel: PanelView}) {
  return (
    <Box flexDirection="column" width={panel.width} flexShrink={0}>
      <Text wrap="truncate" inverse={panel.focused}>
        <SegmentLine segments={panel.title} />
        {panel.more > 0 ? <Text color="gray">{` +${panel.more} more`}</Text> : null}
      </Text>
      {panel.placeholder !== null ? <Text color="gray">{`  ${panel.placeholder}`}</Text> : null}
      {panel.rows.map((row) => (
        <SegmentLine key={row.key} segments={row.segments} inverse={row.selected} />
      ))}
    </Box>
  )
}
