// One line of segments; tones map to colours here and nowhere else.
import {Text} from 'ink'
import type {Segment, Tone} from './view-types.js'

const COLOR: Record<Tone, string | undefined> = {normal: undefined, ok: 'green', warn: 'yellow', bad: 'red', dim: 'gray', accent: 'cyan'}

export function SegmentLine({segments, inverse = false}: {segments: readonly Segment[]; inverse?: boolean}) {
  return (
    <Text wrap="truncate" inverse={inverse}>
      {segments.map((s, i) => (
        <Text key={i} color={COLOR[s.tone ?? 'normal']} bold={s.bold} inverse={s.inverse}>
          {s.text}
        </Text>
      ))}
    </Text>
  )
}
