import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {checkDockerConfigKeys, DOCKER_KEYS_IGNORED, DOCKER_KEYS_USED, nearest} from '../../src/jobspec/docker-config-keys.js'
import {corpusDir, corpusPresent, readCorpus} from './corpus-cases.js'
import {load, messagesOf} from './helpers.js'

// A docker task's config keys are Nomad's docker driver's: a typo is refused at validate with
// its line and the key meant; a real key zdev does not act on is a warning.
const job = (config: string, driver = 'docker') => `job "j" {\n  group "g" {\n    task "t" {\n      driver = "${driver}"\n      config {\n${config}\n      }\n    }\n  }\n}\n`
const ALL = [...DOCKER_KEYS_USED, ...DOCKER_KEYS_IGNORED]

describe('docker config keys', () => {
  test('a typo: file:line of the key, the key, and the key meant', async () => {
    const msgs = await messagesOf(job('        image = "nginx"\n        comand = "sh"\n        prots = ["http"]'))
    expect(msgs).toEqual([
      'job.nomad.hcl:7: Task "t": unsupported argument in the docker config: an argument named "comand" is not expected here; did you mean "command"?',
      'job.nomad.hcl:8: Task "t": unsupported argument in the docker config: an argument named "prots" is not expected here; did you mean "ports"?',
    ])
  })

  test('a swapped pair of letters is one slip; a far-off key lists the keys instead', async () => {
    expect(nearest('imgae', ALL)).toBe('image')
    expect(nearest('netwrok_mode', ALL)).toBe('network_mode')
    expect(nearest('zzzzzz', ALL)).toBeUndefined()
    const [msg] = await messagesOf(job('        image = "x"\n        colour = "red"'))
    expect(msg).toMatch(/^job\.nomad\.hcl:7: .*"colour" is not expected here \(docker config keys: image, command, args/)
  })

  test('blocks are checked too: a mount block key and an unknown block', async () => {
    const msgs = await messagesOf(job('        image = "x"\n        mount {\n          type = "bind"\n          targte = "/a"\n          source = "b"\n        }\n        loging {\n          type = "json-file"\n        }'))
    expect(msgs).toEqual([
      'job.nomad.hcl:7: Task "t": unsupported argument in the docker config\'s mount block: "targte"; did you mean "target"?',
      'job.nomad.hcl:12: Task "t": unsupported argument in the docker config: an argument named "loging" is not expected here; did you mean "logging"?',
    ])
  })

  test('every key of Nomad\'s docker driver is accepted; the ones zdev ignores are one warning', async () => {
    const cfg = Object.fromEntries(ALL.map((k) => [k, 1]))
    const problems = checkDockerConfigKeys('t', cfg)
    expect(problems.filter((p) => p.severity === 'error')).toEqual([])
    expect(problems).toHaveLength(1)
    for (const k of DOCKER_KEYS_IGNORED) expect(problems[0]!.message).toContain(`"${k}"`)
    for (const k of DOCKER_KEYS_USED) expect(problems[0]!.message).not.toContain(`"${k}"`)
    const warnings: string[] = []
    await load(job('        image = "x"\n        hostname = "h"\n        privileged = true'), {warnings})
    expect(warnings).toEqual(['job.nomad.hcl:7: Task "t": zdev\'s docker driver accepts but ignores config "hostname", "privileged" (Nomad\'s docker driver would apply them).'])
  })

  test('property: a key is refused exactly when it is not one of the driver\'s', () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...ALL), fc.stringMatching(/^[a-z_]{1,14}$/)), (k) => {
      const errors = checkDockerConfigKeys('t', {[k]: 'v'}).filter((p) => p.severity === 'error')
      expect(errors.length).toBe((ALL as readonly string[]).includes(k) ? 0 : 1)
    }))
  })

  test('other drivers\' config is not checked against docker\'s keys; render does not check', async () => {
    expect(await messagesOf(job('        command = "x"\n        imgae = "y"', 'raw_exec'))).toEqual([])
    expect(await messagesOf(job('        image = "x"\n        imgae = "y"'), {serverChecks: false})).toEqual([])
  })

  test.skipIf(!corpusPresent())('every docker task of the Nomad corpus passes the key check', async () => {
    const refused: string[] = []
    let tasks = 0
    for (const c of readCorpus().filter((x) => x.expectValid)) {
      const src = fs.readFileSync(path.join(corpusDir, c.file), 'utf8')
      if (!/driver\s*=\s*"docker"/.test(src)) continue
      const j = await load(src, {...c.opts, serverChecks: false}, c.file).catch(() => null)
      for (const g of j?.TaskGroups ?? []) for (const t of g.Tasks) {
        if (t.Driver !== 'docker') continue
        tasks++
        for (const p of checkDockerConfigKeys(t.Name, t.Config)) if (p.severity === 'error') refused.push(`${c.file}: ${p.message}`)
      }
    }
    expect(refused).toEqual([])
    expect(tasks).toBeGreaterThan(100)
  })
})
