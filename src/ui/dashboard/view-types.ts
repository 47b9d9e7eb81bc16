// The View: everything the Ink components print, already laid out. Components only map
// segments to <Text> (tone → colour); every decision about what to show lives in buildView.
import type {ComponentKind} from './types.js'
import type {PanelId} from './ui-state.js'

export type Tone = 'normal' | 'ok' | 'warn' | 'bad' | 'dim' | 'accent'

export interface Segment {
  text: string
  tone?: Tone
  bold?: boolean
  inverse?: boolean
}

/** What k / s / l act on when a row is selected. */
export interface RowTarget {
  kind: ComponentKind
  name: string
  label: string // "node node-2", "allocation web.web[0] (ab12cd34)"
}

export interface RowView {
  key: string
  segments: Segment[]
  selected: boolean
  target?: RowTarget
  /** The rest of the row above, on a line of its own (a URL too long to share a line): not selectable. */
  continuation?: boolean
}

export interface PanelView {
  id: PanelId
  title: Segment[]
  focused: boolean
  width: number
  rows: RowView[] // only the rows that fit, already windowed around the selection
  more: number // rows that did not fit
  placeholder: string | null // shown when the panel has no rows at all
}

export type OverlayView =
  | {type: 'help'; lines: Segment[][]}
  | {type: 'logs'; title: Segment[]; lines: string[]}
  | {type: 'confirm'; question: string; detail: string}

export interface View {
  columns: number
  rows: number
  header: Segment[]
  banner: Segment[] | null
  /** Sections top to bottom; each holds the panels shown side by side. */
  sections: PanelView[][]
  /** Visible, focusable panels in tab order. */
  focusOrder: PanelId[]
  /** All rows of each visible panel (not windowed), so keys can move the selection. */
  rowKeys: Partial<Record<PanelId, string[]>>
  /** The selected row's target in the focused panel, if any. */
  target: RowTarget | null
  footer: Segment[]
  /** Replaces the sections (help, logs) or sits above the footer (confirm). */
  overlay: OverlayView | null
  /** Too small for panels: sections is empty and `summary` holds a few plain lines. */
  summary: Segment[][] | null
}
