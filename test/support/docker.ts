// Real Docker for tests: the daemon (required: CI starts dockerd), a tiny busybox image made
// here without any registry, and cleanup of every container a test made, by label.
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, copyFileSync, chmodSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type Docker from 'dockerode'
import {importRootfs} from '../../src/drivers/docker-build.js'
import {removeLabelled} from '../../src/drivers/docker-cleanup.js'
import {findDaemon, type DaemonFound} from '../../src/drivers/docker-host.js'

// Its own tag (the applet list below is part of it): an older image under another tag is not reused.
export const BUSYBOX = 'zdev-test/busybox:zdev-1'
const APPLETS = ['sh', 'httpd', 'echo', 'sleep', 'cat', 'env', 'ls', 'true', 'false', 'kill', 'nc', 'wget']

let daemon: Promise<DaemonFound> | null = null

/** The host's daemon; a test run without one fails here with the reason. */
export function testDaemon(): Promise<DaemonFound> {
  return (daemon ??= findDaemon({timeoutMs: 5000}).then((d) => {
    if (!d.ok) throw new Error(`these tests need a Docker daemon: ${d.tried.map((t) => `${t.host}: ${t.problem}`).join('; ')}; ${d.hint}`)
    return d
  }))
}

/** zdev-test/busybox: /bin/busybox (static) and its applets, imported from a folder. */
export async function ensureBusybox(docker: Docker): Promise<string> {
  if (await docker.getImage(BUSYBOX).inspect().then(() => true, () => false)) return BUSYBOX
  const root = mkdtempSync(join(tmpdir(), 'zdev-busybox-'))
  try {
    mkdirSync(join(root, 'bin'))
    mkdirSync(join(root, 'tmp'))
    mkdirSync(join(root, 'www'))
    copyFileSync('/bin/busybox', join(root, 'bin/busybox'))
    chmodSync(join(root, 'bin/busybox'), 0o755)
    for (const a of APPLETS) symlinkSync('busybox', join(root, 'bin', a))
    await importRootfs(docker, root, BUSYBOX, ['ENV PATH=/bin'])
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
  return BUSYBOX
}

/** Labels that mark a test's containers; removeTestContainers(run) removes them all. */
export function testLabels(run: string) {
  return {'zdev.cluster': `test-${run}`, 'zdev.node': 'node-t', 'zdev.state': `/tmp/zdev-test-${run}`}
}

export async function removeTestContainers(docker: Docker, run: string): Promise<string[]> {
  return removeLabelled(docker, {'zdev.cluster': `test-${run}`})
}
