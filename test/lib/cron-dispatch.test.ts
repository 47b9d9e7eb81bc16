import {describe, expect, test} from 'vitest'
import {parseJobSource} from '../../src/jobspec/index.js'
import {nextLaunch} from '../../src/server/periodic-dispatcher.js'

// The leader's dispatcher and the validator read the same cron module: what validates
// launches, in the job's time_zone; what does not validate is never launched.

const job = (periodic: string) => `job "report" {
  type = "batch"
  periodic {
${periodic}
  }
  group "g" {
    task "t" {
      driver = "raw_exec"
      config { command = "/bin/true" }
    }
  }
}
`

describe('periodic launches', () => {
  test.each([
    ['time_zone is honoured', 'cron = "0 9 * * *"\n    time_zone = "America/New_York"', '2026-07-01T00:00:00Z', '2026-07-01T13:00:00.000Z'],
    ['the earliest of crons', 'crons = ["0 12 * * *", "0 6 * * *"]', '2026-07-01T00:00:00Z', '2026-07-01T06:00:00.000Z'],
    ['weekday range ending at 7', 'cron = "0 0 * * 5-7"', '2026-11-28T12:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['L, W and # launch', 'crons = ["0 0 LW * *", "0 0 * * 5#3"]', '2026-11-01T00:00:00Z', '2026-11-20T00:00:00.000Z'],
    ['a far-future year', 'cron = "0 0 1 1 * 2090"', '2026-11-01T00:00:00Z', '2090-01-01T00:00:00.000Z'],
  ])('%s', async (_d, periodic, from, want) => {
    const j = await parseJobSource(job(periodic), 'report.nomad.hcl')
    const next = nextLaunch(j, Date.parse(from))
    expect(typeof next === 'number' ? new Date(next).toISOString() : next).toBe(want)
  })

  test.each([
    ['*/60', 'cron = "*/60 * * * *"', 'report.nomad.hcl:3: Invalid periodic spec "*/60 * * * *": invalid interval "*/60" in minute field: the step must be 1-59.'],
    ['an unknown zone', 'cron = "@daily"\n    time_zone = "Mars/Base"', 'report.nomad.hcl:3: Invalid time zone "Mars/Base": unknown time zone "Mars/Base"; use an IANA name such as "America/New_York" or "UTC".'],
  ])('the validator refuses %s', async (_d, periodic, msg) => {
    await expect(parseJobSource(job(periodic), 'report.nomad.hcl')).rejects.toThrow(msg)
  })
})
