import {SECOND, type Affinity, type Constraint, type Job, type Port, type Resources, type RestartPolicy, type Service, type ServiceCheck, type Spread, type Task, type TaskGroup, type Template} from '../model/job.js'
import {DEFAULT_ARTIFACT, DEFAULT_CPU, DEFAULT_KILL_TIMEOUT, DEFAULT_LOG_CONFIG, DEFAULT_MEMORY_MB, DEFAULT_TEMPLATE, DEFAULT_WEIGHT} from './defaults.js'
import {mergeSet, nonEmpty, orNull} from './merge.js'

// Defaults below the group: tasks, services and checks, placement rules, networks.

export function canonicalConstraints(list: Constraint[] | null | undefined): Constraint[] | null {
  return nonEmpty(list?.map((c) => ({...c, LTarget: c.LTarget ?? '', RTarget: c.RTarget ?? '', Operand: c.Operand || '='})))
}

export function canonicalAffinities(list: Affinity[] | null | undefined): Affinity[] | null {
  return nonEmpty(list?.map((a) => ({...a, LTarget: a.LTarget ?? '', RTarget: a.RTarget ?? '', Operand: a.Operand || '=', Weight: a.Weight ?? DEFAULT_WEIGHT})))
}

export function canonicalSpreads(list: Spread[] | null | undefined): Spread[] | null {
  return nonEmpty(list?.map((s) => ({...s, Attribute: s.Attribute ?? '', Weight: s.Weight ?? DEFAULT_WEIGHT, SpreadTarget: nonEmpty(s.SpreadTarget)})))
}

export function canonicalNetworks(list: Resources['Networks']): NonNullable<Resources['Networks']> | null {
  const port = (p: Port) => ({...p, Label: p.Label ?? '', Value: p.Value ?? 0, To: p.To ?? 0, HostNetwork: p.HostNetwork || 'default'})
  return nonEmpty(
    list?.map((n) => ({...n, Mode: n.Mode || 'host', ReservedPorts: nonEmpty(n.ReservedPorts?.map(port)) as never, DynamicPorts: nonEmpty(n.DynamicPorts?.map(port)) as never})),
  )
}

export function canonicalServices(list: Service[] | null | undefined, defaultName: string): Service[] | null {
  return nonEmpty(
    list?.map((s) => {
      const name = s.Name || defaultName
      const onUpdate = (s.OnUpdate as string | undefined) || 'require_healthy'
      const checks = nonEmpty(s.Checks?.map((c) => canonicalCheck(c, name, onUpdate)))
      return {...s, Name: name, Tags: nonEmpty(s.Tags), CanaryTags: nonEmpty(s.CanaryTags), PortLabel: s.PortLabel ?? '', AddressMode: s.AddressMode || 'auto', Provider: s.Provider || 'consul', Cluster: (s as {Cluster?: string}).Cluster || 'default', OnUpdate: onUpdate, Checks: checks}
    }),
  )
}

function canonicalCheck(c: ServiceCheck, service: string, onUpdate: string): ServiceCheck {
  return {
    ...c,
    Name: c.Name || `service: "${service}" check`,
    Type: c.Type ?? '',
    Command: c.Command ?? '',
    Args: nonEmpty(c.Args),
    Path: c.Path ?? '',
    Protocol: c.Protocol ?? '',
    PortLabel: c.PortLabel ?? '',
    Interval: c.Interval ?? 0,
    Timeout: c.Timeout ?? 0,
    InitialStatus: c.InitialStatus ?? '',
    OnUpdate: c.OnUpdate || onUpdate,
  }
}

function canonicalResources(r: Resources | null | undefined): Resources {
  const given = (r ?? {}) as Partial<Resources>
  const cores = given.Cores ?? 0
  const out: Resources = {...(given as Resources), CPU: given.CPU ?? (cores ? 0 : DEFAULT_CPU), Cores: cores, MemoryMB: given.MemoryMB ?? DEFAULT_MEMORY_MB}
  if (out.Networks !== undefined) out.Networks = canonicalNetworks(out.Networks)
  return out
}

export function canonicalTask(t: Task, g: TaskGroup, job: Job, groupRestart: RestartPolicy): Task {
  const lifecycle = t.Lifecycle && t.Lifecycle.Hook ? {Hook: t.Lifecycle.Hook, Sidecar: t.Lifecycle.Sidecar ?? false} : null
  return {
    ...t,
    Name: t.Name ?? '',
    Driver: t.Driver ?? '',
    Config: orNull(t.Config),
    Env: orNull(t.Env),
    Services: canonicalServices(t.Services, `${job.Name}-${g.Name}-${t.Name}`),
    Resources: canonicalResources(t.Resources),
    Meta: orNull(t.Meta),
    KillTimeout: t.KillTimeout ?? DEFAULT_KILL_TIMEOUT,
    LogConfig: mergeSet(DEFAULT_LOG_CONFIG, t.LogConfig),
    Artifacts: nonEmpty(t.Artifacts?.map((a) => ({...mergeSet(DEFAULT_ARTIFACT, a), GetterSource: a.GetterSource ?? '', GetterOptions: orNull(a.GetterOptions), GetterHeaders: orNull(a.GetterHeaders)}))),
    Templates: nonEmpty(t.Templates?.map(canonicalTemplate)),
    Constraints: canonicalConstraints(t.Constraints),
    Affinities: canonicalAffinities(t.Affinities),
    Lifecycle: lifecycle as Task['Lifecycle'],
    VolumeMounts: nonEmpty(t.VolumeMounts),
    RestartPolicy: mergeSet(groupRestart, t.RestartPolicy),
    Leader: t.Leader ?? false,
    ShutdownDelay: t.ShutdownDelay ?? 0,
    ...('Consul' in t && t.Consul ? {Consul: canonicalConsul(t.Consul)} : {}),
  }
}

/** api.Consul.Canonicalize: the cluster defaults to "default"; namespace and partition inherit. */
export function canonicalConsul(c: unknown): Record<string, unknown> {
  const given = c as Record<string, unknown>
  return {...given, Cluster: given.Cluster || 'default'}
}

/** api.Template.Canonicalize: signal mode defaults to SIGHUP, signals are upper-cased, change_script gets its defaults. */
function canonicalTemplate(tp: Template): Template {
  const out = mergeSet(DEFAULT_TEMPLATE, tp) as Template & Record<string, unknown>
  const given = tp as Template & Record<string, unknown>
  const signal = given.ChangeSignal as string | undefined
  out.ChangeSignal = signal ? signal.toUpperCase() : out.ChangeMode === 'signal' ? 'SIGHUP' : ''
  const script = given.ChangeScript as Record<string, unknown> | undefined
  if (script) out.ChangeScript = {...script, Command: script.Command ?? '', Args: script.Args ?? [], Timeout: script.Timeout ?? 5 * SECOND, FailOnError: script.FailOnError ?? false}
  return out
}
