export const DEFAULT_RULE_TEMPLATE = 'Host(`{{ normalize .Name }}.localhost`)'

/** Traefik's name normalisation: runs of characters other than letters and digits become one "-". */
export function normalizeName(name: string): string {
  return name.split(/[^\p{L}\p{N}]+/u).filter(Boolean).join('-')
}

/** Render the default-rule template; supports {{ .Name }} and {{ normalize .Name }}. */
export function renderDefaultRule(template: string, serviceName: string): string {
  return template
    .replace(/\{\{\s*normalize\s+\.Name\s*\}\}/g, normalizeName(serviceName))
    .replace(/\{\{\s*\.Name\s*\}\}/g, serviceName)
}
