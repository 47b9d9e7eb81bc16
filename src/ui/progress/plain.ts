import type {Reporter} from '../../platform/progress.js'
import {formatStepLine} from './steps.js'

/** Off a TTY: one line per finished step, nothing for "running". */
export function createPlainReporter(write: (line: string) => void): Reporter {
  return (e) => {
    if (e.phase !== 'running') write(formatStepLine(e) + '\n')
  }
}
