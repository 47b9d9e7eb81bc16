import type {Task, TaskGroup} from '../model/job.js'
import {checker} from './validate-checkers.js'
import type {Report} from './validate.js'
import {checkDockerConfigKeys} from './docker-config-keys.js'

// Task-level checks a Nomad server applies: driver, resources, lifecycle, templates,
// artifacts, volume mounts, log storage against the group's ephemeral disk.

export function validateTask(g: TaskGroup, t: Task, tp: string, report: Report): void {
  const name = JSON.stringify(t.Name)
  if (!t.Driver) report(tp, `Missing task driver for task ${name}; set driver = "docker", "exec" or "raw_exec".`, 'driver')
  if (t.Driver === 'docker') for (const c of checkDockerConfigKeys(t.Name, t.Config)) report(`${tp}.Config.${c.key.split('.')[0]}`, c.message, `config.${c.key}`, c.severity === 'warning' ? 'warning' : undefined)
  const r = t.Resources
  if (!r.Cores && r.CPU < 1) report(`${tp}.Resources`, `Task ${name}: minimum CPU value is 1, got ${r.CPU}.`, 'cpu')
  if (r.MemoryMB < 10) report(`${tp}.Resources`, `Task ${name}: minimum MemoryMB value is 10, got ${r.MemoryMB}.`, 'memory')
  if (r.MemoryMaxMB && r.MemoryMaxMB < r.MemoryMB) report(`${tp}.Resources`, `Task ${name}: memory_max (${r.MemoryMaxMB}) must not be lower than memory (${r.MemoryMB}).`, 'memory_max')
  if (t.KillTimeout < 0) report(tp, `Task ${name} kill_timeout must not be negative.`, 'kill_timeout')
  if (t.Lifecycle && !['prestart', 'poststart', 'poststop'].includes(t.Lifecycle.Hook)) report(`${tp}.Lifecycle`, `Invalid task hook ${JSON.stringify(t.Lifecycle.Hook)} in task ${name}; use "prestart", "poststart" or "poststop".`, 'hook')
  const logs = t.LogConfig
  if (!logs.Disabled && logs.MaxFiles * logs.MaxFileSizeMB > g.EphemeralDisk.SizeMB) {
    report(`${tp}.LogConfig`, `Task ${name}: log storage (${logs.MaxFiles * logs.MaxFileSizeMB} MB) must be less than requested disk capacity (${g.EphemeralDisk.SizeMB} MB); raise ephemeral_disk size or lower logs.`, 'logs')
  }
  t.Templates?.forEach((tpl, k) => {
    const at = `${tp}.Templates[${k}]`
    if (tpl.ChangeMode === 'signal' && !tpl.ChangeSignal) report(at, `Template in task ${name}: must specify change_signal when change_mode is "signal".`, 'change_signal')
    if (!['noop', 'restart', 'signal', 'script'].includes(tpl.ChangeMode)) report(at, `Template in task ${name}: invalid change_mode ${JSON.stringify(tpl.ChangeMode)}; use "noop", "restart", "signal" or "script".`, 'change_mode')
    if (!tpl.DestPath) report(at, `Template in task ${name}: must specify a destination.`, 'destination')
    if (!tpl.SourcePath && !tpl.EmbeddedTmpl) report(at, `Template in task ${name}: must specify a source path or have an embedded template (data).`, 'data')
    const parseError = tpl.EmbeddedTmpl ? checker('templateParseError')(tpl.EmbeddedTmpl, {name: tpl.DestPath, leftDelim: tpl.LeftDelim, rightDelim: tpl.RightDelim}) : null
    if (parseError) report(at, `Template in task ${name}: ${parseError}.`, 'data')
  })
  t.Artifacts?.forEach((a, k) => {
    if (!a.GetterSource) report(`${tp}.Artifacts[${k}]`, `Artifact ${k + 1} of task ${name}: source must be specified.`, 'source')
  })
  t.VolumeMounts?.forEach((m, k) => {
    if (!g.Volumes || !(m.Volume in g.Volumes)) report(`${tp}.VolumeMounts[${k}]`, `Volume mount ${k + 1} of task ${name} references undefined volume ${JSON.stringify(m.Volume)}; declare it with volume ${JSON.stringify(m.Volume)} { … } in the group.`, 'volume')
  })
}
