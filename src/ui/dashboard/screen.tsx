// The whole frame for one View: header, banner, panels or an overlay, confirm dialog, footer.
import {Box} from 'ink'
import {memo} from 'react'
import {ConfirmDialog} from './confirm-dialog.js'
import {HelpOverlay} from './help-overlay.js'
import {LogsView} from './logs-view.js'
import {Panel} from './panel.js'
import {SegmentLine} from './segment-line.js'
import type {View} from './view-types.js'

function ScreenFrame({view}: {view: View}) {
  const o = view.overlay
  if (view.summary) return <HelpOverlay lines={view.summary} />
  return (
    <Box flexDirection="column" width={view.columns}>
      <SegmentLine segments={view.header} />
      {view.banner ? <SegmentLine segments={view.banner} /> : null}
      {o?.type === 'help' ? <HelpOverlay lines={o.lines} /> : null}
      {o?.type === 'logs' ? <LogsView title={o.title} lines={o.lines} /> : null}
      {view.sections.map((section) => (
        <Box key={section.map((p) => p.id).join('+')} flexDirection="row" columnGap={1}>
          {section.map((panel) => (
            <Panel key={panel.id} panel={panel} />
          ))}
        </Box>
      ))}
      {o?.type === 'confirm' ? <ConfirmDialog question={o.question} detail={o.detail} /> : <SegmentLine segments={view.footer} />}
    </Box>
  )
}

// Ink's drawing costs ~15-20 ms of CPU a frame; a snapshot that changes nothing visible must not cost one.
export const Screen = memo(ScreenFrame, (a, b) => a.view === b.view || JSON.stringify(a.view) === JSON.stringify(b.view))
