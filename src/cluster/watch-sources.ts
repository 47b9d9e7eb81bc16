// What `zdev watch` follows beyond the job files: the local files tasks run from, and the build
// contexts of the platform's images. A change there restarts (or rebuilds) only the tasks that
// use them, in place, as `nomad alloc restart -task` does. Pure.
import path from 'node:path'
import type {Job} from '../model/index.js'
import type {ImageSpec} from '../platform/types.js'

export interface TaskRef {
  jobId: string
  group: string
  task: string
}

export interface WatchSources {
  /** Absolute file → the tasks that run it; `refetch` when it reaches the task as an artifact. */
  byFile: Map<string, {ref: TaskRef; refetch: boolean}[]>
  /** Each image's build folder, the image and the docker tasks that run it (folders may repeat). */
  contexts: {dir: string; image: ImageSpec; tasks: TaskRef[]}[]
}

/** Never a build input worth a rebuild: VCS data, dependencies, zdev's own state and logs. */
const IGNORED = new Set(['.git', 'node_modules', '.zdev'])

const HOST_DRIVERS = new Set(['raw_exec', 'exec'])

/** A local artifact source (an absolute path or file:// URL, no interpolation) as a file path. */
export function localArtifactPath(source: string): string | null {
  if (source.includes('${')) return null
  if (path.isAbsolute(source)) return path.normalize(source)
  if (source.startsWith('file://')) {
    try {
      return path.normalize(decodeURIComponent(new URL(source).pathname))
    } catch {
      return null
    }
  }
  return null
}

/** Absolute paths among a task's command and args that lie in the project folder. */
function projectPaths(config: Record<string, unknown> | null, projectDir: string): string[] {
  const words = [config?.command, ...(Array.isArray(config?.args) ? config.args : [])].filter((w): w is string => typeof w === 'string')
  return words.filter((w) => path.isAbsolute(w) && !w.includes('${') && !path.relative(projectDir, w).startsWith('..')).map((w) => path.normalize(w))
}

export function watchSources(jobs: readonly Job[], images: readonly ImageSpec[], projectDir: string): WatchSources {
  const byFile: WatchSources['byFile'] = new Map()
  const contexts: WatchSources['contexts'] = images.map((image) => ({dir: path.resolve(image.context), image, tasks: [] as TaskRef[]}))
  const add = (file: string, ref: TaskRef, refetch: boolean) => {
    const list = byFile.get(file) ?? []
    if (!list.some((x) => x.ref.jobId === ref.jobId && x.ref.group === ref.group && x.ref.task === ref.task)) list.push({ref, refetch})
    else if (refetch) list.find((x) => x.ref.jobId === ref.jobId && x.ref.group === ref.group && x.ref.task === ref.task)!.refetch = true
    byFile.set(file, list)
  }
  for (const job of jobs) {
    for (const g of job.TaskGroups) {
      for (const t of g.Tasks) {
        const ref = {jobId: job.ID, group: g.Name, task: t.Name}
        if (HOST_DRIVERS.has(t.Driver)) {
          for (const a of t.Artifacts ?? []) {
            const f = localArtifactPath(a.GetterSource)
            if (f) add(f, ref, true)
          }
          for (const f of projectPaths(t.Config, projectDir)) add(f, ref, false)
        } else if (t.Driver === 'docker') {
          const image = t.Config?.image
          for (const c of contexts) if (c.image.tag === image) c.tasks.push(ref)
        }
      }
    }
  }
  return {byFile, contexts}
}

/** The images whose build folder holds `file` (not under .git, node_modules or .zdev). */
export function contextsOf(s: WatchSources, file: string): WatchSources['contexts'] {
  return s.contexts.filter(({dir}) => {
    const rel = path.relative(dir, file)
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).some((seg) => IGNORED.has(seg))
  })
}

export interface RestartPlan {
  /** Images to build first (their contexts changed), each with the tasks that then restart. */
  rebuild: {image: ImageSpec; tasks: TaskRef[]}[]
  /** Tasks to restart because a file they run changed. */
  tasks: {ref: TaskRef; refetch: boolean; because: string}[]
}

/** Pure: what a batch of saved files asks for. */
export function restartPlan(s: WatchSources, changed: Iterable<string>): RestartPlan {
  const plan: RestartPlan = {rebuild: [], tasks: []}
  for (const f of changed) {
    const abs = path.resolve(f)
    for (const {ref, refetch} of s.byFile.get(abs) ?? []) {
      const same = plan.tasks.find((x) => x.ref.jobId === ref.jobId && x.ref.group === ref.group && x.ref.task === ref.task)
      if (same) same.refetch ||= refetch
      else plan.tasks.push({ref, refetch, because: path.basename(abs)})
    }
    for (const c of contextsOf(s, abs)) if (!plan.rebuild.some((r) => r.image.tag === c.image.tag)) plan.rebuild.push({image: c.image, tasks: c.tasks})
  }
  return plan
}
