import {NodeAgent, type NodeAgentOptions} from './node-agent.js'

export async function startNodeAgentProcess(opts: NodeAgentOptions): Promise<{stop(): Promise<void>}> {
  const agent = new NodeAgent(opts)
  await agent.start()
  return agent
}
