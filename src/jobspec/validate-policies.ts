import type {Affinity, Constraint, Spread, TaskGroup} from '../model/job.js'
import {checker} from './validate-checkers.js'
import type {Report} from './validate.js'

// restart / reschedule / update / migrate values, and constraint/affinity/spread operands.

const OPERANDS = ['=', '==', 'is', '!=', 'not', '<', '<=', '>', '>=', 'distinct_hosts', 'distinct_property', 'regexp', 'version', 'semver', 'set_contains', 'set_contains_all', 'set_contains_any', 'is_set', 'is_not_set']

export function validatePolicies(g: TaskGroup, path: string, report: Report): void {
  const r = g.RestartPolicy
  if (r.Mode !== 'fail' && r.Mode !== 'delay') report(`${path}.RestartPolicy`, `Unsupported restart mode: ${JSON.stringify(r.Mode)}; use "fail" or "delay".`, 'mode')
  if (r.Attempts < 0) report(`${path}.RestartPolicy`, `Restart attempts must not be negative, got ${r.Attempts}.`, 'attempts')
  if (r.Delay < 0 || r.Interval < 0) report(`${path}.RestartPolicy`, 'Restart delay and interval must not be negative.', 'delay')
  const s = g.ReschedulePolicy
  if (s) {
    if (!['constant', 'exponential', 'fibonacci'].includes(s.DelayFunction)) report(`${path}.ReschedulePolicy`, `Invalid delay function ${JSON.stringify(s.DelayFunction)}; use "constant", "exponential" or "fibonacci".`, 'delay_function')
    if (s.Attempts < 0 || s.Delay < 0 || s.Interval < 0) report(`${path}.ReschedulePolicy`, 'Reschedule attempts, delay and interval must not be negative.', 'reschedule')
  }
  const u = g.Update
  // max_parallel = 0 is Nomad's empty strategy (UpdateStrategy.IsEmpty, as in job dumps from a
  // server): no rolling update, so nothing of it is checked.
  if (u && u.MaxParallel !== 0) {
    if (!['checks', 'task_states', 'manual'].includes(u.HealthCheck)) report(`${path}.Update`, `Invalid health check given: ${JSON.stringify(u.HealthCheck)}; use "checks", "task_states" or "manual".`, 'health_check')
    if (u.MaxParallel < 0) report(`${path}.Update`, `Max parallel can not be less than zero: ${u.MaxParallel} < 0.`, 'max_parallel')
    if (u.Canary < 0) report(`${path}.Update`, `Canary count can not be less than zero: ${u.Canary} < 0.`, 'canary')
    if (u.MinHealthyTime >= u.HealthyDeadline) report(`${path}.Update`, `Minimum healthy time (${u.MinHealthyTime / 1e9}s) must be less than healthy deadline (${u.HealthyDeadline / 1e9}s).`, 'min_healthy_time')
    if (u.ProgressDeadline !== 0 && u.HealthyDeadline >= u.ProgressDeadline) report(`${path}.Update`, `Healthy deadline (${u.HealthyDeadline / 1e9}s) must be less than progress deadline (${u.ProgressDeadline / 1e9}s).`, 'healthy_deadline')
  }
  const m = g.Migrate
  if (m && !['checks', 'task_states'].includes(m.HealthCheck)) report(`${path}.Migrate`, `Invalid migrate health check ${JSON.stringify(m.HealthCheck)}; use "checks" or "task_states".`, 'health_check')
  if (g.EphemeralDisk.SizeMB < 0) report(`${path}.EphemeralDisk`, `Ephemeral disk size must not be negative, got ${g.EphemeralDisk.SizeMB}.`, 'size')
}

export function validatePlacement(cs: Constraint[] | null, as: Affinity[] | null, ss: Spread[] | null, path: string, report: Report): void {
  cs?.forEach((c, i) => {
    const at = `${path}.Constraints[${i}]`
    if (!OPERANDS.includes(c.Operand)) report(at, `Unknown constraint type ${JSON.stringify(c.Operand)}.`, 'operator')
    else if (c.Operand !== 'distinct_hosts') {
      if (!c.LTarget) report(at, `No LTarget provided but is required by constraint (operator ${JSON.stringify(c.Operand)}); set attribute.`, 'attribute')
      if (!c.RTarget && !['distinct_property', 'is_set', 'is_not_set'].includes(c.Operand)) report(at, `No RTarget provided but is required by constraint (operator ${JSON.stringify(c.Operand)}); set value.`, 'value')
    }
    if (c.Operand === 'regexp') {
      try {
        checker('compileGoRegexp')(c.RTarget)
      } catch {
        report(at, `Regular expression failed to compile: ${JSON.stringify(c.RTarget)}.`, 'regexp')
      }
    }
  })
  as?.forEach((a, i) => {
    if (a.Weight === 0 || a.Weight < -100 || a.Weight > 100) report(`${path}.Affinities[${i}]`, `Affinity weight must be within the range [-100,100] and not zero, got ${a.Weight}.`, 'weight')
  })
  ss?.forEach((s, i) => {
    if (!s.Attribute) report(`${path}.Spreads[${i}]`, 'Missing spread attribute.', 'attribute')
    if (s.Weight <= 0 || s.Weight > 100) report(`${path}.Spreads[${i}]`, `Spread block must have a positive weight from 0 to 100, got ${s.Weight}.`, 'weight')
    const sum = (s.SpreadTarget ?? []).reduce((n, t) => n + t.Percent, 0)
    if (sum > 100) report(`${path}.Spreads[${i}]`, `Sum of spread target percentages must not be greater than 100%; got ${sum}%.`, 'target')
  })
}
