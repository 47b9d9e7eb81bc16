import {startMember, stopMember, type MemberResult} from './member.js'

// Stop or start one platform process by its name (etcd-2, server-1, node-3, proxy-1).
// TODO(lead): agents; etcd members go through member.ts.
export async function stopComponent(file: string, name: string): Promise<MemberResult> {
  return stopMember(file, name)
}

export async function startComponent(file: string, name: string): Promise<MemberResult> {
  return startMember(file, name)
}
