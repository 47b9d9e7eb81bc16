// status/leader, status/peers, agent/self, agent/members, regions, namespaces.
import type {ServerRecord} from '../../store/cluster-state.js'
import {notFound, read, type ApiContext, type ReadHandler} from '../types.js'
import {T} from './snapshot.js'

async function servers(ctx: ApiContext): Promise<ServerRecord[]> {
  return (await ctx.store.list<ServerRecord>(ctx.store.keys.servers)).items.map((e) => e.value).sort((a, b) => a.Name.localeCompare(b.Name))
}

const addrOf = (s: ServerRecord) => s.HttpAddr ?? `${s.Address}:0`

export const statusLeader: ReadHandler = read(T.servers, async (ctx) => {
  const name = await ctx.leader()
  const rec = name ? (await servers(ctx)).find((s) => s.Name === name) : undefined
  return rec ? addrOf(rec) : ''
})

export const statusPeers: ReadHandler = read(T.servers, async (ctx) => (await servers(ctx)).map(addrOf))

export const regions: ReadHandler = read([], async (ctx) => [ctx.region])

export const namespaces: ReadHandler = read(['jobs'], async () => [
  {Name: 'default', Description: 'Default shared namespace', Quota: '', Meta: null, CreateIndex: 1, ModifyIndex: 1},
])

export const readNamespace: ReadHandler = read(['jobs'], async (_ctx, req) => {
  if (req.params.name !== 'default') throw notFound('namespace')
  return {Name: 'default', Description: 'Default shared namespace', Quota: '', Meta: null, CreateIndex: 1, ModifyIndex: 1}
})

function member(ctx: ApiContext, s: ServerRecord, leader: string | undefined) {
  const [addr, port] = addrOf(s).split(':')
  return {
    Name: `${s.Name}.${ctx.region}`,
    Addr: addr,
    Port: Number(port),
    Tags: {role: 'nomad', region: ctx.region, dc: ctx.datacenter, build: 'zdev', leader: String(s.Name === leader)},
    Status: 'alive',
    ProtocolMin: 1,
    ProtocolMax: 5,
    ProtocolCur: 2,
    DelegateMin: 2,
    DelegateMax: 5,
    DelegateCur: 4,
  }
}

export const agentMembers: ReadHandler = read(T.servers, async (ctx) => {
  const leader = await ctx.leader()
  return {ServerName: ctx.name, ServerRegion: ctx.region, ServerDC: ctx.datacenter, Members: (await servers(ctx)).map((s) => member(ctx, s, leader))}
})

export const agentSelf: ReadHandler = read(T.servers, async (ctx) => {
  const leader = await ctx.leader()
  const me = (await servers(ctx)).find((s) => s.Name === ctx.name) ?? {Name: ctx.name, Address: '127.0.0.1', Pid: process.pid, StartedAt: 0, HttpAddr: ctx.httpAddr}
  return {
    config: {Region: ctx.region, Datacenter: ctx.datacenter, NodeName: ctx.name, Version: {Version: '1.9.0', VersionMetadata: 'zdev'}, Server: {Enabled: true}, Client: {Enabled: false}, ACL: {Enabled: false}},
    member: member(ctx, me, leader),
    stats: {nomad: {leader: String(ctx.isLeader()), known_regions: '1', server: 'true'}},
  }
})
