import {UserError} from '../lib/errors.js'

// API JSON is not decoded field by field as HCL is; before canonicalizing, check the types
// our code and Nomad's JSON decoder rely on, so a malformed file gets a message, not a crash.

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'strings' | 'map'
type Shape = {[field: string]: Kind | [Kind, Shape]}

const PORT: Shape = {Label: 'string', Value: 'number', To: 'number', HostNetwork: 'string'}
const NETWORK: Shape = {Mode: 'string', MBits: 'number', ReservedPorts: ['array', PORT], DynamicPorts: ['array', PORT]}
const CONSTRAINT: Shape = {LTarget: 'string', RTarget: 'string', Operand: 'string'}
const AFFINITY: Shape = {...CONSTRAINT, Weight: 'number'}
const CHECK: Shape = {Name: 'string', Type: 'string', Path: 'string', PortLabel: 'string', Interval: 'number', Timeout: 'number', Args: 'strings'}
const SERVICE: Shape = {Name: 'string', PortLabel: 'string', Tags: 'strings', CanaryTags: 'strings', Checks: ['array', CHECK]}
const RESTART: Shape = {Attempts: 'number', Interval: 'number', Delay: 'number', Mode: 'string'}
const TASK: Shape = {
  Name: 'string',
  Driver: 'string',
  User: 'string',
  Config: 'object',
  Env: 'map',
  Meta: 'map',
  KillTimeout: 'number',
  Resources: ['object', {CPU: 'number', Cores: 'number', MemoryMB: 'number', MemoryMaxMB: 'number', Networks: ['array', NETWORK]}],
  Services: ['array', SERVICE],
  Constraints: ['array', CONSTRAINT],
  Affinities: ['array', AFFINITY],
  RestartPolicy: ['object', RESTART],
  Templates: ['array', {DestPath: 'string', EmbeddedTmpl: 'string', ChangeMode: 'string', Splay: 'number'}],
  Artifacts: ['array', {GetterSource: 'string', RelativeDest: 'string'}],
  LogConfig: ['object', {MaxFiles: 'number', MaxFileSizeMB: 'number'}],
  Lifecycle: ['object', {Hook: 'string', Sidecar: 'boolean'}],
  VolumeMounts: ['array', {Volume: 'string', Destination: 'string', ReadOnly: 'boolean'}],
}
const GROUP: Shape = {
  Name: 'string',
  Count: 'number',
  Tasks: ['array', TASK],
  Networks: ['array', NETWORK],
  Services: ['array', SERVICE],
  Constraints: ['array', CONSTRAINT],
  Affinities: ['array', AFFINITY],
  Spreads: ['array', {Attribute: 'string', Weight: 'number', SpreadTarget: ['array', {Value: 'string', Percent: 'number'}]}],
  RestartPolicy: ['object', RESTART],
  ReschedulePolicy: ['object', {Attempts: 'number', Interval: 'number', Delay: 'number', DelayFunction: 'string', MaxDelay: 'number', Unlimited: 'boolean'}],
  EphemeralDisk: ['object', {SizeMB: 'number', Sticky: 'boolean', Migrate: 'boolean'}],
  Update: 'object',
  Migrate: 'object',
  Volumes: 'object',
  Meta: 'map',
  Scaling: ['object', {Min: 'number', Max: 'number', Enabled: 'boolean'}],
}
const JOB: Shape = {
  ID: 'string',
  Name: 'string',
  Namespace: 'string',
  Region: 'string',
  Type: 'string',
  Priority: 'number',
  AllAtOnce: 'boolean',
  Datacenters: 'strings',
  NodePool: 'string',
  Constraints: ['array', CONSTRAINT],
  Affinities: ['array', AFFINITY],
  Spreads: 'array',
  TaskGroups: ['array', GROUP],
  Update: 'object',
  Periodic: ['object', {Enabled: 'boolean', Spec: 'string', Specs: 'strings', SpecType: 'string', ProhibitOverlap: 'boolean', TimeZone: 'string'}],
  ParameterizedJob: ['object', {Payload: 'string', MetaRequired: 'strings', MetaOptional: 'strings'}],
  Meta: 'map',
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v
}

function fits(v: unknown, kind: Kind): boolean {
  if (kind === 'strings') return Array.isArray(v) && v.every((x) => typeof x === 'string')
  if (kind === 'map') return kindOf(v) === 'object' && Object.values(v as object).every((x) => typeof x === 'string')
  return kindOf(v) === kind
}

export function checkApiShape(job: Record<string, unknown>, file: string): UserError[] {
  const errors: UserError[] = []
  const walk = (obj: Record<string, unknown>, shape: Shape, path: string) => {
    for (const [field, spec] of Object.entries(shape)) {
      const v = obj[field]
      if (v === undefined || v === null) continue
      const [kind, inner] = Array.isArray(spec) ? spec : [spec, undefined]
      const at = path ? `${path}.${field}` : field
      if (!fits(v, kind)) {
        const want = kind === 'strings' ? 'a list of strings' : kind === 'map' ? 'an object of strings' : `a ${kind === 'object' ? 'JSON object' : kind}`
        errors.push(new UserError(`${file}: Invalid job JSON; ${at} must be ${want}, got ${JSON.stringify(v).slice(0, 60)}.`, {code: 'invalid_json', file, field: at}))
        continue
      }
      if (!inner) continue
      if (kind === 'object') walk(v as Record<string, unknown>, inner, at)
      else (v as unknown[]).forEach((item, i) => (kindOf(item) === 'object' ? walk(item as Record<string, unknown>, inner, `${at}[${i}]`) : errors.push(new UserError(`${file}: Invalid job JSON; ${at}[${i}] must be a JSON object, got ${JSON.stringify(item).slice(0, 60)}.`, {code: 'invalid_json', file, field: `${at}[${i}]`}))))
    }
  }
  walk(job, JOB, '')
  return errors
}
