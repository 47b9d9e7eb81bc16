// What a bug looks like to the user, shared by BaseCommand and the commands bin/run.js runs
// without oclif (src/cli/fast-up.ts): one line and where to report it.

export const REPORT_BUGS = 'report it to the zdev maintainers with the command you ran and `ZDEV_DEBUG=1` output (issue tracker of the zdev repository)'
export const INTERNAL_EXIT = 70 // EX_SOFTWARE

/** "internal error: <what> (<kind>); please report it …", on one line. */
export function internalErrorLine(err: unknown): string {
  const e = err as Error | undefined
  const what = (e?.message ?? String(err)).split('\n')[0]!.trim() || 'unknown failure'
  const kind = e?.name && e.name !== 'Error' ? ` (${e.name})` : ''
  return `internal error: ${what}${kind}; this is a bug in zdev, please ${REPORT_BUGS}.`
}
