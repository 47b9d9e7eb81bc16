// The docker side of `alloc exec`: find the task's container on the daemon the node agents use
// (the same search: $DOCKER_HOST, then the usual sockets) by the labels the docker driver gives
// every container (zdev.alloc, zdev.task), and `docker exec` into it. The container keeps its own
// environment and working directory, as `nomad alloc exec` does for docker tasks.
import {listLabelled} from '../drivers/docker-cleanup.js'
import {findDaemon} from '../drivers/docker-host.js'
import {UserError} from '../lib/errors.js'
import type {ExecPlan, ExecTarget} from './exec-target.js'

/** Pure: `docker exec` into `container` on the daemon at `host`. */
export function dockerExecPlan(container: string, cmd: string[], tty: boolean, host?: string): ExecPlan {
  const env = {...(process.env as Record<string, string>), ...(host ? {DOCKER_HOST: host} : {})}
  return {command: 'docker', args: ['exec', '-i', ...(tty ? ['-t'] : []), container, ...cmd], env, cwd: undefined}
}

export async function dockerTaskExecPlan(t: ExecTarget, cmd: string[], tty: boolean): Promise<ExecPlan> {
  const d = await findDaemon({timeoutMs: 3000})
  if (!d.ok) throw new UserError(`Task "${t.task}" runs in a container, but no Docker daemon answers (${d.tried.map((x) => `${x.host}: ${x.problem}`).join('; ')}).`, {code: 'no_daemon', hint: d.hint})
  const found = await listLabelled(d.docker, {'zdev.alloc': t.alloc.ID, 'zdev.task': t.task})
  const running = found.find((c) => c.state === 'running')
  if (!running) {
    throw new UserError(`Task "${t.task}" of allocation ${t.alloc.ID.slice(0, 8)} (${t.alloc.Name}) has no running container on ${d.host}${found.length ? ` (${found.map((c) => `${c.name}: ${c.state}`).join(', ')})` : ''}.`, {code: 'not_running', hint: `see \`zdev alloc status ${t.alloc.ID.slice(0, 8)}\`.`})
  }
  return dockerExecPlan(running.name, cmd, tty, d.host)
}
