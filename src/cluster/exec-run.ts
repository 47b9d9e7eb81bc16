// Run an exec plan with the user's terminal: with a TTY the child gets the terminal itself
// (raw_exec tasks are host processes, so this is a real TTY); without, stdin is piped. Resolves
// with the command's exit code (128+n for a signal), as `nomad alloc exec` exits.
import {spawn} from 'node:child_process'
import {constants} from 'node:os'
import {UserError} from '../lib/errors.js'
import {hostExecPlan} from './exec-process.js'
import {dockerTaskExecPlan} from './exec-docker.js'
import type {ExecPlan, ExecTarget} from './exec-target.js'

/** The plan for a target's driver; a docker task's container is found by its alloc and task labels. */
export async function execPlanFor(t: ExecTarget, cmd: string[], tty: boolean): Promise<ExecPlan> {
  if (cmd.length === 0) throw new UserError('Give the command to run after --, e.g. `zdev alloc exec 9f3c -- sh`.', {code: 'missing_command'})
  if (t.driver === 'docker') return dockerTaskExecPlan(t, cmd, tty)
  if (t.driver === 'raw_exec' || t.driver === 'exec') return hostExecPlan(t, cmd)
  throw new UserError(`Task "${t.task}" uses the ${t.driver} driver; zdev exec supports raw_exec, exec and docker.`, {code: 'unsupported_driver'})
}

export function runExecPlan(plan: ExecPlan, tty: boolean): Promise<number> {
  if (tty && !process.stdin.isTTY) throw new UserError('-t needs a terminal, but stdin is not one; leave -t out (or pass --no-tty).', {code: 'not_a_terminal'})
  return new Promise((resolve, reject) => {
    const child = spawn(plan.command, plan.args, {env: plan.env, cwd: plan.cwd, stdio: [tty ? 'inherit' : 'pipe', 'inherit', 'inherit']})
    if (!tty) {
      process.stdin.pipe(child.stdin!)
      child.stdin!.on('error', () => undefined) // the command may exit without reading its input
    }
    // Ctrl-C goes to the command (same terminal, same foreground group); we wait for it.
    const ignore = () => undefined
    process.on('SIGINT', ignore)
    child.once('error', (err: NodeJS.ErrnoException) => {
      process.removeListener('SIGINT', ignore)
      reject(err.code === 'ENOENT' ? new UserError(`${plan.command}: command not found in the task's PATH.`, {code: 'not_found', exitCode: 127}) : err)
    })
    child.once('exit', (code, signal) => {
      process.removeListener('SIGINT', ignore)
      if (!tty) process.stdin.unpipe(child.stdin!)
      resolve(code ?? 128 + ((signal && constants.signals[signal]) || 1))
    })
  })
}
