// Which files `zdev watch` follows and which jobs a change touches. Pure.
import path from 'node:path'
import type {JobRef, Platform} from '../platform/types.js'

export interface WatchTargets {
  platformFile: string
  /** Absolute file → indexes of the platform's jobs that read it (job file or var file). */
  jobsByFile: Map<string, number[]>
}

export function watchTargets(p: Platform): WatchTargets {
  const jobsByFile = new Map<string, number[]>()
  p.jobs.forEach((ref: JobRef, i) => {
    for (const f of [ref.path, ...(ref.varFiles ?? [])]) {
      const abs = path.resolve(f)
      jobsByFile.set(abs, [...(jobsByFile.get(abs) ?? []), i])
    }
  })
  return {platformFile: path.resolve(p.file), jobsByFile}
}

/** Every file to watch, platform file first. */
export function watchedFiles(t: WatchTargets): string[] {
  return [t.platformFile, ...[...t.jobsByFile.keys()].filter((f) => f !== t.platformFile)]
}

/** The jobs to re-apply after `changed` files were saved: all of them when the platform file changed. */
export function jobsToApply(t: WatchTargets, changed: Iterable<string>, jobCount: number): number[] {
  const set = new Set<number>()
  for (const f of changed) {
    const abs = path.resolve(f)
    if (abs === t.platformFile) return [...Array(jobCount).keys()]
    for (const i of t.jobsByFile.get(abs) ?? []) set.add(i)
  }
  return [...set].sort((a, b) => a - b)
}

/** The targets plus the files each job reads through file() (job index → absolute paths): saving one re-applies that job. */
export function withReadFiles(t: WatchTargets, reads: ReadonlyMap<number, readonly string[]>): WatchTargets {
  const jobsByFile = new Map([...t.jobsByFile].map(([f, js]) => [f, [...js]]))
  for (const [i, files] of reads) {
    for (const f of files) {
      const abs = path.resolve(f)
      const list = jobsByFile.get(abs) ?? []
      if (!list.includes(i)) jobsByFile.set(abs, [...list, i].sort((a, b) => a - b))
    }
  }
  return {platformFile: t.platformFile, jobsByFile}
}
