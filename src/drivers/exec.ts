import type {Driver, Fingerprint} from './driver.js'
import {createRawExecDriver} from './raw-exec.js'

// Nomad's exec isolates the task with a chroot and cgroups. zdev runs it like raw_exec (own
// session and process group, killed with the agent) and only differs in where it is offered:
// Linux, as Nomad does. Jobs written for exec therefore run unchanged on a dev laptop.
export function createExecDriver(): Driver {
  const base = createRawExecDriver('exec')
  return {
    ...base,
    async fingerprint(): Promise<Fingerprint> {
      const detected = process.platform === 'linux'
      return {detected, healthy: detected, attributes: detected ? {'driver.exec': '1'} : ({} as Record<string, string>)}
    },
  }
}
