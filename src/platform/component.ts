import {startMember, stopMember, type MemberResult} from './member.js'
import type {ComponentKind} from './types.js'

const ALL: ComponentKind[] = ['etcd', 'server', 'node', 'proxy']

/** Stop one platform process by its name (etcd-2, server-1, node-3, proxy-1); its data stays. */
export async function stopComponent(file: string, name: string, kinds: ComponentKind[] = ALL): Promise<MemberResult> {
  return stopMember(file, name, kinds)
}

/** Start a stopped platform process again with the same ports, data and settings. */
export async function startComponent(file: string, name: string, kinds: ComponentKind[] = ALL): Promise<MemberResult> {
  return startMember(file, name, kinds)
}
