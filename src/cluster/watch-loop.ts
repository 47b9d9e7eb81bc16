// `zdev watch`: follow the platform file, its job files and var files; after each save (a short
// debounce gathers an editor's several writes), run one turn: validate, plan diff, apply. A save
// during a turn cuts its deployment monitoring short and starts a new turn; errors are printed
// and the loop goes on until the signal fires. Files tasks run from (local artifacts, scripts
// in the project) and image build contexts restart only the tasks that use them (watch-restart).
import {watch, type FSWatcher} from 'node:fs'
import path from 'node:path'
import type {Platform} from '../platform/types.js'
import type {Clock} from '../store/jobs.js'
import type {Store} from '../store/store.js'
import {applyTurn, loadForWatch, loadSources} from './watch-apply.js'
import {applyRestarts} from './watch-restart.js'
import {contextsOf, restartPlan, type WatchSources} from './watch-sources.js'
import {jobsToApply, watchedFiles, watchTargets, withReadFiles, type WatchTargets} from './watch-targets.js'

export interface WatchOptions {
  store: Store
  clock: Clock
  say: (line: string) => void
  signal: AbortSignal
  /** Apply every job once at the start (default true). */
  initial?: boolean
  debounceMs?: number
  deployTimeoutMs: number
}

function topology(p: Platform): string {
  return JSON.stringify([p.kv, p.servers, p.nodes, p.proxies])
}

const NO_SOURCES: WatchSources = {byFile: new Map(), contexts: []}

export async function watchLoop(file: string, opts: WatchOptions): Promise<{turns: number}> {
  const say = opts.say
  const first = await loadForWatch(file)
  if ('error' in first) say(`✗ ${first.error}`)
  let platform: Platform | null = 'error' in first ? null : first.platform
  let targets: WatchTargets = platform ? watchTargets(platform) : {platformFile: path.resolve(file), jobsByFile: new Map()}
  let sources: WatchSources = NO_SOURCES
  // A job that stops loading (a syntax error being fixed) keeps the files it read last time.
  let reads = new Map<number, string[]>()
  const refresh = async () => {
    if (!platform) return
    const l = await loadSources(platform)
    sources = l.sources
    reads = new Map([...reads, ...l.reads])
    targets = withReadFiles(watchTargets(platform), reads)
  }
  await refresh()
  const watchers = new Map<string, FSWatcher>()
  const pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let running: AbortController | null = null
  let turns = 0

  const isWatched = (abs: string) => watchedFiles(targets).includes(abs) || sources.byFile.has(abs) || contextsOf(sources, abs).length > 0
  const rewatch = () => {
    const files = new Set([...watchedFiles(targets), ...sources.byFile.keys()])
    // Folders of single files, plain; build contexts, recursively (keyed apart: one folder may be both).
    const dirs = new Map<string, boolean>([...files].map((f) => [path.dirname(f), false]))
    for (const c of new Set(sources.contexts.map((x) => x.dir))) dirs.set(`${c}\u0000r`, true)
    for (const [d, w] of watchers) if (!dirs.has(d)) (w.close(), watchers.delete(d))
    for (const [k, recursive] of dirs) {
      if (watchers.has(k)) continue
      const d = recursive ? k.slice(0, -2) : k
      try {
        const w = watch(d, {persistent: true, recursive}, (_ev, name) => {
          const abs = name ? path.join(d, name.toString()) : ''
          if (!abs || !isWatched(abs)) return
          pending.add(abs)
          schedule()
        })
        w.on('error', () => undefined) // a folder that disappears stops being watched; the rest goes on
        watchers.set(k, w)
      } catch (err) {
        say(`✗ cannot watch ${d}: ${(err as Error).message}`)
      }
    }
  }
  const banner = () => say(`watching ${watchedFiles(targets).length} file(s)${sources.byFile.size || sources.contexts.length ? ` and ${sources.byFile.size} task source(s), ${new Set(sources.contexts.map((x) => x.dir)).size} build context(s)` : ''} of ${platform?.name ?? path.basename(file)}; save one to apply it (Ctrl-C stops watching, the platform keeps running)`)

  const turn = async (changed: string[] | null) => {
    const ac = new AbortController()
    running = ac
    const onStop = () => ac.abort()
    opts.signal.addEventListener('abort', onStop)
    try {
      turns++
      const when = new Date(opts.clock.now()).toLocaleTimeString('en-GB')
      say(`── ${when} ${changed ? `saved: ${changed.map((f) => path.relative(process.cwd(), f) || f).join(', ')}` : 'applying every job'}`)
      // Saved files that only tasks run (or images are built from): restart just those tasks.
      // A file may be both (a script a job inlines with file() and a build input): it does both.
      const jobFiles = new Set(watchedFiles(targets))
      const declared = new Set(platform ? watchedFiles(watchTargets(platform)) : [])
      const sourceChanges = (changed ?? []).filter((f) => sources.byFile.has(f) || (!declared.has(f) && contextsOf(sources, f).length > 0))
      const jobChanges = changed?.filter((f) => jobFiles.has(f))
      if (changed && jobChanges!.length === 0) {
        await applyRestarts(restartPlan(sources, sourceChanges), {store: opts.store, clock: opts.clock, say, signal: ac.signal})
        return
      }
      changed = jobChanges ?? null
      let picks: number[] | undefined
      if (!changed || changed.includes(targets.platformFile) || !platform) {
        const next = await loadForWatch(file)
        if ('error' in next) {
          say(`✗ ${next.error}`)
          say('  (the platform file was not applied; fix it and save again)')
          return
        }
        if (platform && topology(platform) !== topology(next.platform)) say('• kv, servers, nodes or proxies changed: watch applies jobs only; `zdev down` then `zdev up` rebuilds the platform')
        platform = next.platform
        reads = new Map() // job indexes may have moved
        targets = watchTargets(platform)
        rewatch()
      } else picks = jobsToApply(targets, changed, platform.jobs.length)
      await applyTurn(platform, {store: opts.store, clock: opts.clock, jobs: picks, say, signal: ac.signal, deployTimeoutMs: opts.deployTimeoutMs})
      if (sourceChanges.length) await applyRestarts(restartPlan(sources, sourceChanges), {store: opts.store, clock: opts.clock, say, signal: ac.signal})
      await refresh() // a job may now read or run other files
      rewatch()
    } catch (err) {
      say(`✗ ${(err as Error).message}`) // e.g. the KV quorum did not answer: the next save tries again
    } finally {
      opts.signal.removeEventListener('abort', onStop)
      running = null
    }
    if (!opts.signal.aborted) {
      banner()
      if (pending.size > 0) schedule()
    }
  }

  function schedule() {
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (running) {
        running.abort() // stop following the old deployment; the new turn starts when it returns
        return
      }
      const changed = [...pending]
      pending.clear()
      void turn(changed)
    }, opts.debounceMs ?? 200)
  }

  rewatch()
  if (opts.initial !== false && platform) await turn(null)
  else banner()
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve()
    opts.signal.addEventListener('abort', () => resolve(), {once: true})
  })
  clearTimeout(timer)
  for (const w of watchers.values()) w.close()
  return {turns}
}
