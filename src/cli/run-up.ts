import {upPlatform, type UpResult} from '../platform/up.js'
import {recordClusterUp} from '../platform/known-clusters.js'
import {cliCommand} from '../platform/locate-cli.js'
import {loadPlatform} from '../platform/load.js'
import {resolveNomadAddr} from '../platform/nomad-env.js'
import {readState} from '../platform/state.js'

// What `zdev up` does and prints, shared by the oclif command (src/commands/up.ts) and the path
// bin/run.js takes without oclif (src/cli/fast-up.ts), so both print the same.

export interface UpFlags {
  wait: boolean
  retain: boolean
  yes: boolean
}

/** Brings the platform in `file` up; without `json` its progress and summary go to `log` (one line a call). */
export async function runUp(file: string, flags: UpFlags, json: boolean, log: (line: string) => void): Promise<UpResult> {
  const {createProgress} = await import('../ui/progress/index.js')
  const progress = json ? undefined : await createProgress({stdout: process.stdout, env: process.env})
  const interactive = !json && process.stdin.isTTY === true && process.stdout.isTTY === true
  let result: UpResult
  try {
    result = await upPlatform(file, {
      reporter: progress?.reporter,
      retain: flags.retain,
      wait: flags.wait,
      yes: flags.yes,
      confirm: interactive ? async (q) => (await import('../ui/progress/ask.js')).askYesNo(q) : undefined,
    })
  } finally {
    await progress?.finish()
  }
  // The address a server really bound (servers.api_port may belong to another cluster).
  const api = await apiAddrAfterUp(file, result.nomadAddr)
  result.nomadAddr = api.addr
  await recordClusterUp({name: result.cluster, file, stateDir: result.stateDir}).catch(() => undefined)
  if (!json) {
    for (const o of result.orphans) log(`found ${o.pids.length} leftover task process(es) of ${o.node} with no node agent (pids ${o.pids.join(', ')}); ${o.node} killed them as it started`)
    if (result.cleaned.length > 0) log(`cleaned stale state of ${result.cleaned.join(', ')} (their processes had died; data kept)`)
    if (result.outcome === 'already-running') log(`cluster ${result.cluster} is already running; no process started`)
    else log(`cluster ${result.cluster} is up in ${result.ms} ms — kv: ${result.kvEndpoints.join(',')}`)
    for (const j of result.jobs) {
      if (!j.submitted) log(`job ${j.id}: file unchanged since the last up, not submitted (running v${j.version})`)
      else log(`job ${j.id}: ${j.changed ? `submitted as v${j.version}` : `submitted, same spec as v${j.version} (no new version)`}`)
    }
    if (result.urls.length) {
      log('\nNow answering through the proxies:')
      for (const u of result.urls) log(`  ${u}`)
      log(`\n(*.localhost resolves to 127.0.0.1 in browsers; with curl use: curl -H 'Host: ${new URL(result.urls[0]!).hostname}' http://127.0.0.1:${new URL(result.urls[0]!).port}/)`)
    }
    if (result.nomadAddr) log(`\nNomad API: NOMAD_ADDR=${result.nomadAddr}  (eval "$(${cliCommand()} env)" points nomad tools here)`)
    if (api.problem) log(`\nNomad API: ${api.problem}`)
    if (result.outcome === 'started') log(nextSteps(cliCommand()))
  }
  return result
}

async function apiAddrAfterUp(file: string, planned: string | null): Promise<{addr: string | null; problem?: string}> {
  if (!planned) return {addr: null}
  const p = await loadPlatform(file)
  try {
    return {addr: (await resolveNomadAddr(p, await readState(p.stateDir)))?.addr ?? null}
  } catch (err) {
    return {addr: null, problem: err instanceof Error ? err.message : String(err)}
  }
}

/** The commands to try next, as they can be typed from here (they find this cluster: it was brought up last). */
function nextSteps(cli: string): string {
  return `\nNext: ${cli} status · ${cli} dashboard · ${cli} logs <job> · ${cli} watch · ${cli} down`
}
