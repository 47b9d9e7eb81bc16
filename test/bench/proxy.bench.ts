// zdev proxy vs nginx (Debian nginx-light, 1 worker) as the same round-robin keep-alive proxy in
// front of the same two Node backends, under the same wrk load at 1, 64 and 256 connections, rounds
// interleaved. Prints min/median/max of each figure and ratios of medians; asserts nothing about speed.
import {execFileSync, spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const OUT = path.join(ROOT, 'node_modules/.cache/zdev-proxy-bench')
const ROUNDS = Number(process.env.PROXY_BENCH_ROUNDS ?? 3)
const DURATION = process.env.PROXY_BENCH_DURATION ?? '5s'
const LEVELS = (process.env.PROXY_BENCH_CONNECTIONS ?? '1,64,256').split(',').map(Number)
const CONNECTIONS = Math.max(...LEVELS)
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

const children: ChildProcess[] = []
let nginxGroup = 0
let tmp = ''

function compileChildren(): void {
  fs.rmSync(OUT, {recursive: true, force: true})
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), [
    '--outDir', OUT, '--rootDir', ROOT, '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022',
    '--skipLibCheck', '--types', 'node', '--strict',
    path.join(ROOT, 'test/proxy/bench/backend-child.ts'), path.join(ROOT, 'test/proxy/bench/proxy-child.ts'),
  ], {stdio: 'inherit'})
  fs.writeFileSync(path.join(OUT, 'package.json'), '{"type":"module"}\n')
}

function spawnReady(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{child: ChildProcess; port: number}> {
  const child = spawn(cmd, args, {stdio: ['ignore', 'pipe', 'inherit'], env})
  children.push(child)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not get ready`)), 10_000)
    child.stdout!.on('data', (d: Buffer) => {
      const m = /ready (\d+)/.exec(d.toString())
      if (m) {
        clearTimeout(timer)
        resolve({child, port: Number(m[1])})
      }
    })
    child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)))
  })
}

async function startNginx(port: number, backends: number[]): Promise<ChildProcess> {
  const prefix = fs.mkdtempSync(path.join(tmp, 'nginx-'))
  const conf = `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  upstream whoami { ${backends.map((p) => `server 127.0.0.1:${p};`).join(' ')} keepalive ${Math.max(128, CONNECTIONS * 2)}; }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    location / {
      proxy_pass http://whoami;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
    }
  }
}
`
  fs.writeFileSync(path.join(prefix, 'nginx.conf'), conf)
  // Its own process group, so that one kill reaches the master and its worker.
  const child = spawn('/usr/sbin/nginx', ['-p', prefix, '-e', `${prefix}/error.log`, '-c', `${prefix}/nginx.conf`, '-g', 'daemon off;'], {stdio: 'ignore', detached: true})
  nginxGroup = child.pid!
  for (let i = 0; i < 100; i++) {
    if (workerPids(child.pid!).length > 0 && (await answers(port))) return child
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('nginx did not start')
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({host: '127.0.0.1', port, path: '/', agent: false, headers: {host: 'whoami.localhost'}}, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200))
    })
    req.on('error', () => resolve(false))
  })
}

function workerPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

function cpuTicks(pids: number[]): number {
  let total = 0
  for (const pid of pids) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    total += Number(fields[11]) + Number(fields[12])
  }
  return total
}

interface Round {
  rps: number
  p50: number
  p99: number
  cpuUsPerReq: number
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim())
  if (!m) return NaN
  return Number(m[1]) * ({us: 0.001, ms: 1, s: 1000, m: 60_000} as Record<string, number>)[m[2]]
}

function runWrk(label: string, port: number, pids: number[], connections: number, duration = DURATION): Round {
  const before = cpuTicks(pids)
  const out = execFileSync('/usr/bin/wrk', ['-t1', `-c${connections}`, `-d${duration}`, '--latency', '-H', 'Host: whoami.localhost', `http://127.0.0.1:${port}/`]).toString()
  const cpuMs = ((cpuTicks(pids) - before) * 1000) / CLK_TCK
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const total = Number(/(\d+) requests in/.exec(out)?.[1])
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(out)
  if (errors) console.log(`wrk against ${label} reported: ${errors[0]}`)
  return {
    rps,
    p50: toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    p99: toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    cpuUsPerReq: (cpuMs * 1000) / total,
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

let nginxPort = 0
let zdevPort = 0
let nginxPids: number[] = []
let zdevPid = 0
let slowPort = 0
let slowPid = 0

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-proxy-bench-'))
  compileChildren()
  const b1 = await spawnReady(process.execPath, [path.join(OUT, 'test/proxy/bench/backend-child.js'), 'b1'])
  const b2 = await spawnReady(process.execPath, [path.join(OUT, 'test/proxy/bench/backend-child.js'), 'b2'])
  nginxPort = await freePort()
  const nginx = await startNginx(nginxPort, [b1.port, b2.port])
  nginxPids = [nginx.pid!, ...workerPids(nginx.pid!)]
  // Node flags for the proxy process (e.g. "--max-semi-space-size=32"), to try GC tunings.
  const flags = (process.env.PROXY_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)
  const zdev = await spawnReady(process.execPath, [...flags, path.join(OUT, 'test/proxy/bench/proxy-child.js'), '0', String(b1.port), String(b2.port)])
  zdevPort = zdev.port
  zdevPid = zdev.child.pid!
  const slow = await spawnReady(process.execPath, [path.join(OUT, 'test/proxy/bench/proxy-child.js'), '0', String(b1.port), String(b2.port)], {...process.env, ZDEV_FAST_LANE: '0'})
  slowPort = slow.port
  slowPid = slow.child.pid!
})

afterAll(() => {
  if (nginxGroup) {
    try {
      process.kill(-nginxGroup, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  for (const c of children) c.kill('SIGKILL')
  if (tmp) fs.rmSync(tmp, {recursive: true, force: true})
})

const f = (x: number, d = 2) => x.toFixed(d)
/** "min / median / max" of one figure over the rounds. */
function spread(rs: Round[], key: keyof Round, d: number): string {
  const xs = rs.map((r) => r[key]).sort((a, b) => a - b)
  return `${f(xs[0], d)} / ${f(median(xs), d)} / ${f(xs[xs.length - 1], d)}`
}

test('zdev proxy vs nginx at 1, 64 and 256 connections: requests/s, p99, CPU per request', () => {
  console.log(`\nproxy bench: wrk -t1 -d${DURATION}, ${ROUNDS} interleaved rounds per level, 2 Node backends, nginx 1 worker with keep-alive upstreams; load avg ${os.loadavg()[0].toFixed(2)}; proxy node flags: ${process.env.PROXY_BENCH_NODE_FLAGS || 'none'}`)
  console.log('  figures are min / median / max over the rounds; ratios are of medians')
  for (const c of LEVELS) {
    runWrk('nginx', nginxPort, nginxPids, c, '1s') // warm-up (JIT, pools)
    runWrk('zdev', zdevPort, [zdevPid], c, '1s')
    runWrk('zdev undici lane', slowPort, [slowPid], c, '1s')
    const nginx: Round[] = []
    const zdev: Round[] = []
    const slow: Round[] = []
    for (let i = 0; i < ROUNDS; i++) {
      nginx.push(runWrk('nginx', nginxPort, nginxPids, c))
      zdev.push(runWrk('zdev', zdevPort, [zdevPid], c))
      slow.push(runWrk('zdev undici lane', slowPort, [slowPid], c))
    }
    const med = (rs: Round[], k: keyof Round) => median(rs.map((r) => r[k]))
    const line = (label: string, rs: Round[]) => console.log(`    ${label.padEnd(22)} req/s ${spread(rs, 'rps', 0)} | p99 ms ${spread(rs, 'p99', 2)} | CPU µs/req ${spread(rs, 'cpuUsPerReq', 1)}`)
    console.log(`  c${c}:`)
    line('nginx', nginx)
    line('zdev fast lane', zdev)
    line('zdev node:http+undici', slow)
    const goal = c === 1 ? 0.8 : 0.95
    console.log(`    ratio zdev/nginx: req/s ${f(med(zdev, 'rps') / med(nginx, 'rps'))}× (goal ≥ ${goal}), p99 ${f(med(zdev, 'p99') / med(nginx, 'p99'))}× (goal ≤ 1.2), CPU/req ${f(med(zdev, 'cpuUsPerReq') / med(nginx, 'cpuUsPerReq'))}× (goal ≤ 1.3)`)
    console.log(`    ratio undici lane/nginx: req/s ${f(med(slow, 'rps') / med(nginx, 'rps'))}×, p99 ${f(med(slow, 'p99') / med(nginx, 'p99'))}×, CPU/req ${f(med(slow, 'cpuUsPerReq') / med(nginx, 'cpuUsPerReq'))}×`)
  }
})
