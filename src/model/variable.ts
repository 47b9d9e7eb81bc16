// A Nomad Variable, in the API's shape (times in ns since the epoch, indexes are KV revisions).

export interface VariableMetadata {
  Namespace: string
  Path: string
  CreateIndex: number
  ModifyIndex: number
  CreateTime: number
  ModifyTime: number
}

export interface Variable extends VariableMetadata {
  Items: Record<string, string>
}
