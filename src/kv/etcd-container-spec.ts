import {createHash} from 'node:crypto'
import type Docker from 'dockerode'
import {buildEtcdArgs, ETCD_ENV, type EtcdClusterConfig, type EtcdMemberConfig} from './etcd-args.js'

// An etcd member as a container, as plain data (testable without a daemon). Host networking:
// the member listens on the same loopback ports as a process member would, so peer URLs stay
// the same across restarts and nothing ever binds a bridge address. Its data lives in a named
// volume labelled with the cluster, kept by `down` (warm `up`) and removed by `down --purge`.

/** Where the volume is mounted; etcd's data dir is a folder inside it (etcd makes it 0700). */
export const DATA_MOUNT = '/var/lib/etcd'
export const ETCD_IN_IMAGE = '/usr/local/bin/etcd'

export interface EtcdContainerSpec {
  /** zdev-<cluster>-<state hash>-<member>: unique per cluster and state dir. */
  container: string
  image: string
  volume: string
  labels: Record<string, string>
  env: Record<string, string>
  /** etcd's flags, with --data-dir inside the volume. */
  args: string[]
}

export interface EtcdContainerCluster {
  cluster: string
  stateDir: string
  image: string
  /** Environment of the member (the cluster's labels and identity marker). */
  env: Record<string, string>
}

/** The labels `down` and the sweeps select on; the same as task containers' cluster labels. */
export function kvLabels(cluster: string, stateDir: string, member?: string): Record<string, string> {
  return {'zdev.cluster': cluster, 'zdev.state': stateDir, ...(member ? {'zdev.component': member, 'zdev.kind': 'etcd'} : {})}
}

/** Docker names allow [a-zA-Z0-9][a-zA-Z0-9_.-]; the hash keeps two clusters of one name apart. */
export function kvResourceName(cluster: string, stateDir: string, member: string): string {
  const h = createHash('sha256').update(stateDir).digest('hex').slice(0, 8)
  return `zdev-${cluster}-${h}-${member}`.replace(/[^a-zA-Z0-9_.-]/g, '_')
}

export function etcdContainerSpec(c: EtcdContainerCluster, cluster: EtcdClusterConfig, member: EtcdMemberConfig): EtcdContainerSpec {
  const name = kvResourceName(c.cluster, c.stateDir, member.name)
  return {
    container: name,
    image: c.image,
    volume: name,
    labels: kvLabels(c.cluster, c.stateDir, member.name),
    env: {...ETCD_ENV, ...c.env},
    args: buildEtcdArgs(cluster, {...member, dataDir: `${DATA_MOUNT}/data`}),
  }
}

export function etcdCreateOptions(s: EtcdContainerSpec): Docker.ContainerCreateOptions {
  return {
    name: s.container,
    Image: s.image,
    Entrypoint: [ETCD_IN_IMAGE],
    Cmd: s.args,
    Env: Object.entries(s.env).map(([k, v]) => `${k}=${v}`),
    Labels: s.labels,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      NetworkMode: 'host',
      Mounts: [{Type: 'volume', Source: s.volume, Target: DATA_MOUNT}],
      RestartPolicy: {Name: 'no'},
    },
  }
}
