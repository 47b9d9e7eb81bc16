import {readFileSync} from 'node:fs'

/** uid/gid for a user name or numeric uid, from /etc/passwd; null when unknown. */
export function lookupUser(user: string, passwd = readPasswd()): {uid: number; gid: number} | null {
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':')
    if (uid === undefined || gid === undefined) continue
    if (name === user || uid === user) return {uid: Number(uid), gid: Number(gid)}
  }
  if (/^\d+$/.test(user)) return {uid: Number(user), gid: Number(user)}
  return null
}

function readPasswd(): string {
  try {
    return readFileSync('/etc/passwd', 'utf8')
  } catch {
    return ''
  }
}
