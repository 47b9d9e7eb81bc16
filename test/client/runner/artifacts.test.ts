import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {fetchArtifacts} from '../../../src/client/runner/artifacts.js'
import type {TaskArtifact} from '../../../src/model/index.js'

let root = ''
let server: http.Server
let base = ''

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zdev-art-'))
  mkdirSync(join(root, 'src', 'pkg'), {recursive: true})
  writeFileSync(join(root, 'src', 'pkg', 'app.txt'), 'from tar')
  execFileSync('tar', ['-czf', join(root, 'bundle.tar.gz'), '-C', join(root, 'src'), 'pkg'])
  writeFileSync(join(root, 'plain.txt'), 'plain')
  server = http.createServer((req, res) => {
    if (req.url === '/bundle.tar.gz') return res.end(readFileSync(join(root, 'bundle.tar.gz')))
    if (req.url === '/config.json') return res.end('{"a":1}')
    res.statusCode = 404
    res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as {port: number}).port}`
})
afterAll(() => {
  server.close()
  rmSync(root, {recursive: true, force: true})
})

const art = (GetterSource: string, over: Partial<TaskArtifact> = {}): TaskArtifact => ({GetterSource, RelativeDest: 'local/', GetterMode: 'any', ...over})

function taskDir(): string {
  const d = join(mkdtempSync(join(root, 'alloc-')), 'web')
  mkdirSync(join(d, 'local'), {recursive: true})
  return d
}

describe('fetchArtifacts', () => {
  test('http download, tar unpacking, local file, file mode and interpolated dest', async () => {
    const dir = taskDir()
    await fetchArtifacts(
      [art(`${base}/config.json`), art(`${base}/bundle.tar.gz`), art(join(root, 'plain.txt'), {RelativeDest: '${NOMAD_SECRETS_DIR}/../secrets/'}), art(`file://${root}/plain.txt`, {GetterMode: 'file', RelativeDest: 'local/renamed.txt'})],
      {NOMAD_SECRETS_DIR: join(dir, 'secrets')},
      dir,
    )
    expect(readFileSync(join(dir, 'local', 'config.json'), 'utf8')).toBe('{"a":1}')
    expect(readFileSync(join(dir, 'local', 'pkg', 'app.txt'), 'utf8')).toBe('from tar')
    expect(readFileSync(join(dir, 'secrets', 'plain.txt'), 'utf8')).toBe('plain')
    expect(readFileSync(join(dir, 'local', 'renamed.txt'), 'utf8')).toBe('plain')
  })

  test.each([
    ['404', () => `${base}/missing.bin`, () => `artifact "${base}/missing.bin": bad response code: 404`],
    ['git getter', () => 'git::https://example.com/repo', () => 'artifact "git::https://example.com/repo": the "git" getter is not supported by zdev (use an http(s) URL or a local file)'],
    ['s3 scheme', () => 's3://bucket/key', () => 'artifact "s3://bucket/key": the "s3" scheme is not supported by zdev (use an http(s) URL or a local file)'],
    ['missing local file', () => '/nonexistent/zdev.bin', () => 'artifact "/nonexistent/zdev.bin": file not found'],
  ])('%s is an error', async (_d, src, message) => {
    await expect(fetchArtifacts([art(src())], {}, taskDir())).rejects.toThrow(message())
  })
})
