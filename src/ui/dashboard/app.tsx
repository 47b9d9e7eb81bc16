// The dashboard app: follows the source's snapshots (at most one redraw per frame interval),
// turns keys into reduceKey results and performs their effects on the source.
import {Text, useApp, useInput, useStdout} from 'ink'
import {useEffect, useMemo, useRef, useState} from 'react'
import {reduceKey, type UiEffect} from './reduce-key.js'
import {Screen} from './screen.js'
import {createLatestThrottle} from './throttle-latest.js'
import type {DashboardSnapshot, DashboardSource} from './types.js'
import {applyActionResult, applyLogs, createUiState, type UiState} from './ui-state.js'
import {buildView, type TerminalSize} from './view-model.js'

export interface AppProps {
  source: DashboardSource
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize
  tzOffsetMinutes?: number
  /** Minimum time between redraws caused by snapshots; 100 ms = at most 10 per second. */
  frameIntervalMs?: number
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))

function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const {stdout} = useStdout()
  const read = () => fixed ?? {columns: stdout.columns || 80, rows: stdout.rows || 24}
  const [size, setSize] = useState(read)
  useEffect(() => {
    if (fixed) return
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => void stdout.off('resize', onResize)
  }, [stdout, fixed?.columns, fixed?.rows])
  return fixed ?? size
}

export function App({source, size: fixedSize, tzOffsetMinutes = 0, frameIntervalMs = 100}: AppProps) {
  const {exit} = useApp()
  const size = useTerminalSize(fixedSize)
  const [snap, setSnap] = useState<DashboardSnapshot | null>(null)
  const [ui, setUi] = useState<UiState>(createUiState)
  const uiRef = useRef(ui)
  const snapRef = useRef(snap)
  snapRef.current = snap
  const updateUi = (f: (u: UiState) => UiState) => {
    uiRef.current = f(uiRef.current)
    setUi(uiRef.current)
  }

  useEffect(() => {
    let stopped = false
    const throttle = createLatestThrottle<DashboardSnapshot>(setSnap, frameIntervalMs)
    const iterator = source.snapshots()[Symbol.asyncIterator]()
    void (async () => {
      try {
        for (let r = await iterator.next(); !r.done && !stopped; r = await iterator.next()) throttle.push(r.value)
      } catch (err) {
        if (!stopped) updateUi((u) => ({...u, notice: {text: `lost the platform's snapshots: ${message(err)}`, tone: 'bad'}}))
      }
    })()
    return () => {
      stopped = true
      throttle.close()
      void iterator.return?.()
    }
  }, [source, frameIntervalMs])

  const perform = (effect: UiEffect) => {
    if (effect.type === 'quit') return exit()
    if (effect.type === 'act') {
      const {action} = effect
      source.act(action).then(
        () => updateUi((u) => applyActionResult(u, action)),
        (err: unknown) => updateUi((u) => applyActionResult(u, action, message(err))),
      )
      return
    }
    const {kind, name} = effect
    source.logs(kind, name).then(
      (lines) => updateUi((u) => applyLogs(u, kind, name, {lines})),
      (err: unknown) => updateUi((u) => applyLogs(u, kind, name, {error: message(err)})),
    )
  }

  useInput((input, key) => {
    const current = snapRef.current
    if (!current) {
      if (input === 'q' || (key.ctrl && input === 'c')) exit()
      return
    }
    // Rebuild from the refs: several keys may arrive before React re-renders.
    const view = buildView(current, uiRef.current, size, {tzOffsetMinutes})
    const result = reduceKey(uiRef.current, {input, ...key}, view)
    updateUi(() => result.uiState)
    if (result.action) perform(result.action)
  })

  const view = useMemo(() => (snap ? buildView(snap, ui, size, {tzOffsetMinutes}) : null), [snap, ui, size.columns, size.rows, tzOffsetMinutes])
  if (!view) return <Text color="gray">zdev dashboard: waiting for the platform's first snapshot… (q quits)</Text>
  return <Screen view={view} />
}
