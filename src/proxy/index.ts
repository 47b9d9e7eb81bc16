export {runProxyAgent, type ProxyAgent, type ProxyAgentOptions} from './main.js'
export * from './config/index.js'
export * from './rules/index.js'
export * from './server/index.js'
