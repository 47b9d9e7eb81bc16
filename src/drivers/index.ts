import type {Driver} from './driver.js'
import {createExecDriver} from './exec.js'
import {createRawExecDriver} from './raw-exec.js'

export * from './driver.js'
export {createRawExecDriver} from './raw-exec.js'
export {createExecDriver} from './exec.js'

/** The drivers a node agent offers, keyed by the name jobs use in `driver = "…"`. */
export function createLocalDrivers(): Record<string, Driver> {
  return {raw_exec: createRawExecDriver(), exec: createExecDriver()}
}
