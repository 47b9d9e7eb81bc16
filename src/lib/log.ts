// Line logger for agent processes (server, node, proxy). Their stdout goes to a log file under
// the state dir; commands never use this (stdout belongs to the command's result).
export type Logger = (msg: string, fields?: Record<string, unknown>) => void

export function createLogger(component: string, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (msg, fields) => {
    const extra = fields ? ' ' + Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : ''
    write(`${new Date().toISOString()} ${component} ${msg}${extra}\n`)
  }
}
