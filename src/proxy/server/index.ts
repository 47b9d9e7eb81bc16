export {startProxy, type ProxyHandle, type ProxyOptions} from './start-proxy.js'
export type {ProxyStats} from './proxy-stats.js'
