import type {Job} from '../../src/model/index.js'
import {SECOND, MINUTE} from '../../src/model/index.js'

/** A small canonical service job for store-level tests (not a jobspec fixture). */
export function testJob(id: string, count = 1): Job {
  return {
    ID: id, Name: id, Namespace: 'default', Region: 'global', Type: 'service', Priority: 50, AllAtOnce: false,
    Datacenters: ['*'], NodePool: 'default', Constraints: null, Affinities: null, Spreads: null,
    Update: null, Periodic: null, ParameterizedJob: null, Meta: {v: '1'}, Stop: false,
    TaskGroups: [
      {
        Name: 'g', Count: count, Constraints: null, Affinities: null, Spreads: null,
        RestartPolicy: {Attempts: 2, Interval: 30 * MINUTE, Delay: 15 * SECOND, Mode: 'fail'},
        ReschedulePolicy: null, EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 300},
        Update: null, Migrate: null, Networks: null, Services: null, Volumes: null, Meta: null, Scaling: null,
        Tasks: [
          {
            Name: 't', Driver: 'raw_exec', Config: {command: 'sleep', args: ['60']}, Env: null, Services: null,
            Resources: {CPU: 100, MemoryMB: 64}, Meta: null, KillTimeout: 5 * SECOND,
            LogConfig: {MaxFiles: 10, MaxFileSizeMB: 10}, Artifacts: null, Templates: null, Constraints: null,
            Affinities: null, Lifecycle: null, VolumeMounts: null, RestartPolicy: null, Leader: false, ShutdownDelay: 0,
          },
        ],
      },
    ],
  }
}
