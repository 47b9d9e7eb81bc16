// What `zdev routes` and `zdev up` print for routers on web and on websecure (tls=true).
import {describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {describeRoutes} from '../../../src/proxy/config/describe-routes.js'
import {routerUrls, type RoutesReport} from '../../../src/platform/routes.js'
import {formatRoutes} from '../../../src/ui/routes/format-routes.js'
import {registration} from '../helpers/backends.js'

const table = buildRoutingTable([
  registration({ID: 'a', ServiceName: 'web', Port: 1, Tags: ['traefik.http.routers.web.rule=Host(`plain.localhost`)']}),
  registration({ID: 'b', ServiceName: 'secure', Port: 2, Tags: ['traefik.http.routers.secure.rule=Host(`secure.localhost`)', 'traefik.http.routers.secure.tls=true']}),
  registration({ID: 'c', ServiceName: 'both', Port: 3, Tags: [
    'traefik.http.routers.both.rule=Host(`both.localhost`)',
    'traefik.http.routers.both-tls.rule=Host(`both.localhost`)', 'traefik.http.routers.both-tls.tls=true', 'traefik.http.routers.both-tls.service=both',
  ]}),
  registration({ID: 'd', ServiceName: 'nowhere', Port: 4, Tags: ['traefik.http.routers.nowhere.rule=Host(`nowhere.localhost`)', 'traefik.http.routers.nowhere.entrypoints=websecure']}),
])
const d = describeRoutes(table)

describe('router entry points and URLs', () => {
  test('each router says where it is served: tls routers on websecure, others on web, entrypoints honoured', () => {
    const by = Object.fromEntries(d.routers.map((r) => [r.name, {tls: r.tls, servedOn: r.servedOn, entryPoints: r.entryPoints}]))
    expect(by).toEqual({
      web: {tls: false, servedOn: ['web'], entryPoints: undefined},
      secure: {tls: true, servedOn: ['websecure'], entryPoints: undefined},
      both: {tls: false, servedOn: ['web'], entryPoints: undefined},
      'both-tls': {tls: true, servedOn: ['websecure'], entryPoints: undefined},
      // Not tls, so only web would serve it, and its entrypoints exclude web (Traefik serves it nowhere).
      nowhere: {tls: false, servedOn: [], entryPoints: ['websecure']},
    })
  })

  test('http URLs for web routers, https URLs on the websecure port for tls routers', () => {
    expect(routerUrls(d.routers, [{port: 8080, websecurePort: 8443}])).toEqual([
      'http://both.localhost:8080', 'http://plain.localhost:8080',
      'https://both.localhost:8443', 'https://secure.localhost:8443',
    ])
  })

  test('without a websecure port a tls router has no URL; several proxies give one URL each', () => {
    expect(routerUrls(d.routers, [{port: 80}, {port: 81}])).toEqual([
      'http://both.localhost:80', 'http://both.localhost:81', 'http://plain.localhost:80', 'http://plain.localhost:81',
    ])
  })

  test('zdev routes shows ENTRYPOINTS and TLS columns and the https listener', () => {
    const report: RoutesReport = {...d, proxies: [{name: 'proxy-1', listen: '127.0.0.1:8080', websecure: '127.0.0.1:8443'}], urls: routerUrls(d.routers, [{port: 8080, websecurePort: 8443}])}
    const text = formatRoutes(report)
    expect(text).toContain('proxies: proxy-1 http://127.0.0.1:8080 https://127.0.0.1:8443')
    const lines = text.split('\n')
    const header = lines.find((l) => l.startsWith('ROUTER'))!
    expect(header.split(/\s{2,}/)).toEqual(['ROUTER', 'PRIORITY', 'RULE', 'ENTRYPOINTS', 'TLS', 'SERVICE', 'MIDDLEWARES', 'HEALTHY'])
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))!.split(/\s{2,}/)
    expect(row('secure').slice(3, 5)).toEqual(['websecure', 'yes'])
    expect(row('web').slice(3, 5)).toEqual(['web', 'no'])
    expect(row('nowhere').slice(3, 5)).toEqual(['none (websecure)', 'no'])
    expect(text).toContain('  https://secure.localhost:8443')
  })
})
