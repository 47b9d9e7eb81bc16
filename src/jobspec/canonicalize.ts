import type {Job, JobType, TaskGroup, UpdateStrategy} from '../model/job.js'
import {canonicalAffinities, canonicalConstraints, canonicalConsul, canonicalNetworks, canonicalServices, canonicalSpreads, canonicalTask} from './canonicalize-task.js'
import {DEFAULT_EPHEMERAL_DISK, DEFAULT_PRIORITY, defaultMigrateStrategy, defaultReschedulePolicy, defaultRestartPolicy, defaultUpdateStrategy} from './defaults.js'
import {mergeSet, nonEmpty, orNull} from './merge.js'

// Applies Nomad's defaults so the job matches what a Nomad server stores. Idempotent: a
// canonical job comes out unchanged. Job-level reschedule/migrate/update are merged into
// every group (the job-level reschedule and migrate are then dropped, as the server does).

type Loose = Record<string, unknown>

export function canonicalizeJob(input: Job): Job {
  const job = structuredClone(input) as Job & Loose
  const type = (job.Type || 'service') as JobType
  const id = job.ID ?? ''
  const givenUpdate = job.Update as Partial<UpdateStrategy> | null | undefined
  const out: Job = {
    ...job,
    ID: id,
    Name: job.Name || id,
    Namespace: job.Namespace || 'default',
    Region: job.Region || 'global',
    Type: type,
    Priority: job.Priority ?? DEFAULT_PRIORITY,
    AllAtOnce: job.AllAtOnce ?? false,
    Datacenters: job.Datacenters && job.Datacenters.length ? job.Datacenters : ['*'],
    NodePool: job.NodePool || 'default',
    Constraints: canonicalConstraints(job.Constraints),
    Affinities: canonicalAffinities(job.Affinities),
    Spreads: canonicalSpreads(job.Spreads),
    TaskGroups: [],
    Update: type === 'service' || (type === 'system' && givenUpdate) ? mergeSet(defaultUpdateStrategy(), givenUpdate) : null,
    Periodic: job.Periodic ? mergeSet({Enabled: true, Spec: '', Specs: [] as string[], SpecType: 'cron' as const, ProhibitOverlap: false, TimeZone: 'UTC'}, job.Periodic) : null,
    ParameterizedJob: job.ParameterizedJob ? {...job.ParameterizedJob, Payload: job.ParameterizedJob.Payload || 'optional', MetaRequired: nonEmpty(job.ParameterizedJob.MetaRequired), MetaOptional: nonEmpty(job.ParameterizedJob.MetaOptional)} : null,
    Meta: orNull(job.Meta),
    Stop: job.Stop ?? false,
  }
  delete (out as Loose).Reschedule
  delete (out as Loose).Migrate
  out.TaskGroups = (job.TaskGroups ?? []).map((g) => canonicalGroup(g, out, type, givenUpdate, job.Reschedule as Loose | undefined, job.Migrate as Loose | undefined))
  return out
}

function canonicalGroup(g: TaskGroup, job: Job, type: JobType, jobUpdate: Partial<UpdateStrategy> | null | undefined, jobReschedule: Loose | undefined, jobMigrate: Loose | undefined): TaskGroup {
  const restart = mergeSet(defaultRestartPolicy(type), g.RestartPolicy)
  const reschedule = defaultReschedulePolicy(type)
  const hasUpdate = type === 'service' || (type === 'system' && (jobUpdate || g.Update))
  const migrate = type === 'service' ? mergeSet(defaultMigrateStrategy(), jobMigrate, g.Migrate) : jobMigrate || g.Migrate ? mergeSet(defaultMigrateStrategy(), jobMigrate, g.Migrate) : null
  const scaling = g.Scaling ? {...g.Scaling, Enabled: g.Scaling.Enabled ?? true, Type: g.Scaling.Type || 'horizontal'} : null
  const count = g.Count ?? scaling?.Min ?? 1
  if (scaling && (scaling.Min === null || scaling.Min === undefined)) scaling.Min = count
  const out: TaskGroup = {
    ...g,
    Name: g.Name ?? '',
    Count: count,
    Constraints: canonicalConstraints(g.Constraints),
    Affinities: canonicalAffinities(g.Affinities),
    Spreads: canonicalSpreads(g.Spreads),
    Tasks: [],
    RestartPolicy: restart,
    ReschedulePolicy: reschedule ? mergeSet(reschedule, jobReschedule, g.ReschedulePolicy) : null,
    EphemeralDisk: mergeSet(DEFAULT_EPHEMERAL_DISK, g.EphemeralDisk),
    Update: hasUpdate ? mergeSet(defaultUpdateStrategy(), jobUpdate, g.Update) : null,
    Migrate: migrate,
    Networks: canonicalNetworks(g.Networks),
    Services: canonicalServices(g.Services, `${job.Name}-${g.Name}`),
    Volumes: g.Volumes && Object.keys(g.Volumes).length ? g.Volumes : null,
    Meta: orNull(g.Meta),
    Scaling: scaling,
    ...('Consul' in g && g.Consul ? {Consul: canonicalConsul(g.Consul)} : {}),
  }
  out.Tasks = (g.Tasks ?? []).map((t) => canonicalTask(t, out, job, restart))
  return out
}
