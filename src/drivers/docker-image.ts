import type Docker from 'dockerode'
import type {DockerTaskConfig} from './docker-config.js'
import {describeDockerError} from './docker-host.js'
import {DriverError} from './driver.js'

// An image is used straight from the host's daemon when it is there (a `docker build` or
// `zdev image build` needs no load step); only a missing image (or force_pull) is pulled, with
// progress lines for the task's events.

export async function ensureImage(docker: Docker, cfg: Pick<DockerTaskConfig, 'image' | 'forcePull' | 'auth'>, onEvent?: (m: string) => void): Promise<void> {
  if (!cfg.forcePull && (await hasImage(docker, cfg.image))) return
  onEvent?.(`Downloading image ${cfg.image}`)
  try {
    const stream = await docker.pull(cfg.image, cfg.auth ? {authconfig: cfg.auth} : {})
    await new Promise<void>((resolve, reject) => {
      let last = 0
      docker.modem.followProgress(
        stream,
        (err: Error | null, out: {error?: string}[]) => {
          const failed = err ?? out?.find((o) => o.error)?.error
          if (failed) reject(failed instanceof Error ? failed : new Error(failed))
          else resolve()
        },
        (ev: {status?: string; id?: string; progress?: string}) => {
          // One progress line every 2 s at most: a task event per layer chunk would flood the status.
          if (Date.now() - last < 2000 || !ev.status) return
          last = Date.now()
          onEvent?.(`Docker image pull progress: ${ev.id ? `${ev.id}: ` : ''}${ev.status}${ev.progress ? ` ${ev.progress}` : ''}`)
        },
      )
    })
  } catch (err) {
    const reason = describeDockerError(err)
    const notFound = /not found|manifest unknown|does not exist|pull access denied/i.test(reason)
    const hint = ` (the image is not on this host's daemon${notFound ? '' : ' and no registry answered'}; build it here with \`zdev image build DIR -t ${cfg.image}\` or \`docker build -t ${cfg.image} DIR\`)`
    // A registry that is not answering may answer later; an image that does not exist never will.
    throw new DriverError('docker', `Failed to pull \`${cfg.image}\`: ${reason}${hint}`, {recoverable: !notFound, cause: err})
  }
  onEvent?.(`Downloaded image ${cfg.image}`)
}

export async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect()
    return true
  } catch (err) {
    if ((err as {statusCode?: number}).statusCode === 404) return false
    throw new DriverError('docker', `cannot inspect image ${image}: ${describeDockerError(err)}`, {recoverable: true, cause: err})
  }
}
