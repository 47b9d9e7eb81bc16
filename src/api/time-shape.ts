// zdev keeps epoch times in milliseconds; Nomad's API carries them as Unix nanoseconds
// (CreateTime, ModifyTime, SubmitTime, event Time) or as RFC 3339 times (StartedAt). Pure.

export const GO_ZERO_TIME = '0001-01-01T00:00:00Z'

export function unixNanos(ms: number | null | undefined): number {
  return ms ? Math.round(ms * 1e6) : 0
}

export function goTime(ms: number | null | undefined): string {
  return ms ? new Date(ms).toISOString() : GO_ZERO_TIME
}
