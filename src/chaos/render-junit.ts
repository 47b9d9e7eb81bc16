import type {ChaosReport, FaultReport} from './report.js'

// The report as JUnit XML for CI: one test case per fault or scenario step, plus the whole
// run's availability and the data check. Pure.

export function renderJunit(r: ChaosReport): string {
  const cases: string[] = r.faults.map((f) => testCase(`zdev.chaos.${f.kind}`, caseName(f), (f.recoverMs ?? 0) / 1000, f.reasons, f.message))
  const avail = r.failures.filter((x) => x.startsWith('availability:') || x.startsWith('load:'))
  cases.push(testCase('zdev.chaos.load', `availability ${r.load.availability ?? '-'}% of ${r.load.requests} requests (p50 ${r.load.p50Ms ?? '-'} ms, p99 ${r.load.p99Ms ?? '-'} ms)`, r.durationMs / 1000, avail))
  cases.push(testCase('zdev.chaos.data', 'no job, allocation or KV key lost', 0, r.failures.filter((x) => x.startsWith('data:'))))
  const failures = cases.filter((c) => c.includes('<failure')).length
  const name = r.mode === 'scenario' ? `zdev chaos scenario ${r.scenario ?? ''}`.trim() : `zdev chaos seed ${r.seed}`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="zdev chaos" tests="${cases.length}" failures="${failures}" time="${(r.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${esc(name)}" tests="${cases.length}" failures="${failures}" errors="0" timestamp="${esc(r.startedAt)}" time="${(r.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}

function caseName(f: FaultReport): string {
  const where = f.line !== undefined ? ` (line ${f.line})` : ''
  return `${f.id}${where}: ${f.action} ${f.target}`
}

function testCase(classname: string, name: string, seconds: number, reasons: string[], out?: string): string {
  const head = `    <testcase classname="${esc(classname)}" name="${esc(name)}" time="${seconds.toFixed(3)}"`
  const body: string[] = []
  if (reasons.length) body.push(`      <failure message="${esc(reasons[0]!)}">${esc(reasons.join('\n'))}</failure>`)
  if (out) body.push(`      <system-out>${esc(out)}</system-out>`)
  return body.length ? `${head}>\n${body.join('\n')}\n    </testcase>` : `${head}/>`
}

/** XML text and attribute escaping; characters XML 1.0 cannot hold become U+FFFD. */
export function esc(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}
