/** Traefik's default router priority: the rule's length in bytes. */
export function rulePriority(rule: string): number {
  return Buffer.byteLength(rule, 'utf8')
}
