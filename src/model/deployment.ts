export type DeploymentStatusName = 'running' | 'successful' | 'failed' | 'paused' | 'cancelled' | 'pending' | 'blocked'

export interface DeploymentState {
  AutoRevert: boolean
  AutoPromote: boolean
  ProgressDeadline: number // ns
  RequireProgressBy: number | null // epoch ms
  Promoted: boolean
  PlacedCanaries: string[]
  DesiredCanaries: number
  DesiredTotal: number
  PlacedAllocs: number
  HealthyAllocs: number
  UnhealthyAllocs: number
}

export interface Deployment {
  ID: string
  Namespace: string
  JobID: string
  JobVersion: number
  JobModifyIndex?: number
  Status: DeploymentStatusName
  StatusDescription: string
  TaskGroups: Record<string, DeploymentState>
  CreateTime: number
  ModifyTime: number
}
