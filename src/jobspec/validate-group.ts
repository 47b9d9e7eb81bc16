import {SECOND, type Job, type NetworkResource, type Service, type TaskGroup} from '../model/job.js'
import type {Report} from './validate.js'
import {validatePlacement, validatePolicies} from './validate-policies.js'
import {validateTask} from './validate-task.js'

// Group- and task-level checks: counts, names, drivers, ports referenced by services.

export function validateGroup(job: Job, g: TaskGroup, path: string, report: Report): void {
  if (!g.Name) report(path, 'Missing task group name.', 'group')
  if (g.Count < 0) report(path, `Task group ${JSON.stringify(g.Name)} count can't be negative (got ${g.Count}).`, 'count')
  if ((job.Type === 'system' || job.Type === 'sysbatch') && g.Count > 1) report(path, `Job task group ${JSON.stringify(g.Name)} has count ${g.Count}. Count cannot exceed 1 with the ${job.Type} scheduler; remove count.`, 'count')
  // Consul Connect gateways and sidecars get their tasks injected by the server.
  const connect = (g.Services ?? []).some((s) => 'Connect' in s && s.Connect)
  if (!g.Tasks.length && !connect) report(path, `Missing tasks for task group ${JSON.stringify(g.Name)}; add a task "<name>" { … } block.`, 'task')
  validatePolicies(g, path, report)
  validatePlacement(g.Constraints, g.Affinities, g.Spreads, path, report)
  validateScaling(g, path, report)
  const labels = collectPorts(g.Networks, `${path}.Networks`, report, new Set(), new Map())
  const leaders = g.Tasks.filter((t) => t.Leader).length
  if (leaders > 1) report(path, `Only one task may be marked as leader in group ${JSON.stringify(g.Name)}, found ${leaders}.`, 'leader')
  const seen = new Map<string, number>()
  g.Tasks.forEach((t, i) => {
    const tp = `${path}.Tasks[${i}]`
    if (!t.Name) report(tp, 'Missing task name.', 'task')
    const first = seen.get(t.Name)
    if (first !== undefined) report(tp, `Task ${i + 1} redefines '${t.Name}' from task ${first + 1} in group ${JSON.stringify(g.Name)}; give each task a unique name.`, 'task')
    else seen.set(t.Name, i)
    validateTask(g, t, tp, report)
    const taskLabels = collectPorts(t.Resources.Networks ?? null, `${tp}.Resources.Networks`, report, new Set(labels), new Map())
    checkServices(t.Services, `${tp}.Services`, taskLabels, report)
    validatePlacement(t.Constraints, t.Affinities, null, tp, report)
  })
  checkServices(g.Services, `${path}.Services`, labels, report, true)
}

function validateScaling(g: TaskGroup, path: string, report: Report): void {
  const sc = g.Scaling
  if (!sc) return
  const at = `${path}.Scaling`
  if (sc.Min !== null && sc.Max !== null && sc.Max < sc.Min) report(at, `Scaling policy invalid: maximum count ${sc.Max} must not be less than minimum count ${sc.Min}.`, 'max')
  if (sc.Min !== null && g.Count < sc.Min) report(at, `Scaling policy invalid: task group count must not be less than minimum count in scaling policy (count ${g.Count}, min ${sc.Min}).`, 'count')
  if (sc.Max !== null && g.Count > sc.Max) report(at, `Scaling policy invalid: task group count must not be greater than maximum count in scaling policy (count ${g.Count}, max ${sc.Max}).`, 'count')
}

function collectPorts(nets: NetworkResource[] | null | undefined, path: string, report: Report, labels: Set<string>, statics: Map<number, string>): Set<string> {
  nets?.forEach((n, i) => {
    const ports = [...(n.ReservedPorts ?? []).map((p) => ['ReservedPorts', p] as const), ...(n.DynamicPorts ?? []).map((p) => ['DynamicPorts', p] as const)]
    ports.forEach(([kind, p]) => {
      const at = `${path}[${i}].${kind}[${(n[kind] ?? []).indexOf(p)}]`
      if (labels.has(p.Label)) report(at, `Port label ${JSON.stringify(p.Label)} already in use; give each port a unique label.`, 'port')
      labels.add(p.Label)
      if (p.Value < 0 || p.Value > 65535) report(at, `Port ${JSON.stringify(p.Label)}: static port ${p.Value} is outside 0-65535.`, 'static')
      if (kind === 'ReservedPorts' && p.Value > 0) {
        const other = statics.get(p.Value)
        if (other !== undefined) report(at, `Static port ${p.Value} already reserved by port ${JSON.stringify(other)}; give ${JSON.stringify(p.Label)} another port.`, 'static')
        else statics.set(p.Value, p.Label)
      }
    })
  })
  return labels
}

function portKnown(label: string, labels: Set<string>): boolean {
  return !label || labels.has(label) || /^\d+$/.test(label) || label.includes('${')
}

/** Group services may name a port the group does not declare: Nomad accepts it, so only a warning. */
export function checkServices(services: Service[] | null, path: string, labels: Set<string>, report: Report, group = false): void {
  const portProblem = (at: string, message: string) => (group ? report(at, `${message} (Nomad accepts this for a group service; it gets no port until one is declared)`, 'port', 'warning') : report(at, message, 'port'))
  const seen = new Set<string>()
  services?.forEach((s, i) => {
    const sp = `${path}[${i}]`
    const key = `${s.Name}\u0000${s.PortLabel}`
    if (seen.has(key)) report(sp, `Service ${JSON.stringify(s.Name)} is duplicate; give each service of a task or group a unique name or port.`, 'name')
    seen.add(key)
    const connect = 'Connect' in s && s.Connect
    if (!s.Name.includes('${') && !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(s.Name)) {
      report(sp, `Service name must be valid per RFC 1123 and can contain only alphanumeric characters or dashes: ${JSON.stringify(s.Name)}.`, 'name')
    }
    if (!connect && s.AddressMode !== 'driver' && !portKnown(s.PortLabel, labels)) {
      portProblem(sp, `Port label ${JSON.stringify(s.PortLabel)} referenced by service ${JSON.stringify(s.Name)} is not declared; add port ${JSON.stringify(s.PortLabel)} {} to the group's network block.`)
    }
    s.Checks?.forEach((c, k) => {
      const cp = `${sp}.Checks[${k}]`
      if (!connect && c.AddressMode !== 'driver' && s.AddressMode !== 'driver' && c.PortLabel && !portKnown(c.PortLabel, labels)) {
        portProblem(cp, `Port label ${JSON.stringify(c.PortLabel)} referenced by check ${JSON.stringify(c.Name)} of service ${JSON.stringify(s.Name)} is not declared; add port ${JSON.stringify(c.PortLabel)} {} to the group's network block.`)
      }
      if (!['http', 'tcp', 'script', 'grpc'].includes(c.Type)) report(cp, `Check ${JSON.stringify(c.Name)}: invalid type ${JSON.stringify(c.Type)}; use "http", "tcp", "script" or "grpc".`, 'type')
      if (c.Type === 'http' && !c.Path && !c.Expose) report(cp, `Check ${JSON.stringify(c.Name)}: http checks need a path.`, 'path')
      if (c.Type === 'script' && !c.Command) report(cp, `Check ${JSON.stringify(c.Name)}: script checks need a command.`, 'command')
      if (c.Interval < SECOND) report(cp, `Check ${JSON.stringify(c.Name)}: interval (${c.Interval / 1e9}s) cannot be lower than 1s.`, 'interval')
      if (c.Timeout < SECOND) report(cp, `Check ${JSON.stringify(c.Name)}: timeout (${c.Timeout / 1e9}s) is lower than the required minimum of 1s.`, 'timeout')
    })
  })
}
