// Nomad's structured job diff (api.JobDiff), as /v1/job/:id/plan returns it with Diff: true.

export type DiffType = 'Added' | 'Deleted' | 'Edited' | 'None'

export interface FieldDiff {
  Type: DiffType
  Name: string
  Old: string
  New: string
  Annotations: string[] | null
}

export interface ObjectDiff {
  Type: DiffType
  Name: string
  Fields: FieldDiff[] | null
  Objects: ObjectDiff[] | null
}

export interface TaskDiff extends ObjectDiff {
  Annotations: string[] | null
}

export interface TaskGroupDiff extends ObjectDiff {
  Tasks: TaskDiff[] | null
  Updates: Record<string, number> | null
}

export interface JobDiff {
  Type: DiffType
  ID: string
  Fields: FieldDiff[] | null
  Objects: ObjectDiff[] | null
  TaskGroups: TaskGroupDiff[] | null
}
