import type {RoutesReport} from '../../platform/routes.js'

/** Where the router is served; its entrypoints tag when that names no entry point of its kind. */
function entryPointsCell(x: RoutesReport['routers'][number]): string {
  if (x.servedOn.length > 0) return x.servedOn.join(',')
  return `none (${(x.entryPoints ?? []).join(',')})`
}

/** `zdev routes` for humans: routers by priority, their instances, then disabled routers with why. */
export function formatRoutes(r: RoutesReport): string {
  const out: string[] = []
  out.push(`proxies: ${r.proxies.length ? r.proxies.map((p) => `${p.name} http://${p.listen}${p.websecure ? ` https://${p.websecure}` : ''}`).join(', ') : 'none in this platform'}`)
  if (r.routers.length === 0) out.push('', 'no routers: no service instance with routing tags (or a default rule) is registered yet')
  else {
    const head = ['ROUTER', 'PRIORITY', 'RULE', 'ENTRYPOINTS', 'TLS', 'SERVICE', 'MIDDLEWARES', 'HEALTHY']
    const rows = r.routers.map((x) => [x.name, String(x.priority), x.rule, entryPointsCell(x), x.tls ? 'yes' : 'no', x.service, x.middlewares.join(',') || '-', x.status === 'disabled' ? 'DISABLED' : `${x.healthyInstances}/${x.totalInstances}`])
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
    const line = (row: string[]) => row.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()
    out.push('', line(head), ...rows.map(line))
  }
  for (const s of r.services) {
    const inst = [...s.healthy.map((h) => `${h.url}${h.canary ? ' (canary)' : ''}`), ...s.unhealthy.map((u) => `${u.url} (unhealthy)`)]
    out.push(`  ${s.name}: ${inst.join(', ') || 'no instances'}`)
  }
  if (r.disabled.length) {
    out.push('', 'disabled routers (every other router keeps serving):')
    for (const d of r.disabled) out.push(`  ${d.name}: ${d.error}`)
  }
  for (const w of r.warnings) out.push(`warning: ${w}`)
  if (r.urls.length) out.push('', 'open:', ...r.urls.map((u) => `  ${u}`))
  return out.join('\n') + '\n'
}
