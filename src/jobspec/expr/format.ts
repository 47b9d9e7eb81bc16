import {ExprError} from './ast.js'

// HCL's format(): a printf subset (%s %d %f %q %v %t %%, width and precision).
export function formatValue(spec: string, args: unknown[]): string {
  let n = 0
  return spec.replace(/%([-0]*)(\d*)(?:\.(\d+))?([sdfqvt%])/g, (_m, flags: string, width: string, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%'
    if (n >= args.length) throw new ExprError('Error in function call', `Call to function "format" failed: not enough arguments for "%${verb}" at ${n + 1}: need index ${n + 1} but have ${args.length} total.`)
    const v = args[n++]
    let s: string
    if (verb === 'd') s = String(Math.trunc(Number(v)))
    else if (verb === 'f') s = Number(v).toFixed(prec === undefined ? 6 : Number(prec))
    else if (verb === 'q') s = JSON.stringify(String(v))
    else if (verb === 'v' && typeof v === 'object' && v !== null) s = JSON.stringify(v)
    else s = String(v)
    const w = Number(width || 0)
    if (flags.includes('-')) return s.padEnd(w)
    return flags.includes('0') && /^-?[\d.]+$/.test(s) ? (s.startsWith('-') ? '-' + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0')) : s.padStart(w)
  })
}
