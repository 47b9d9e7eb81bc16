// Go's time.Format with its reference layout (Mon Jan 2 15:04:05 MST 2006), in UTC.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

const TOKENS = [
  'January', 'Monday', '2006', '-07:00:00', '-07:00', '-0700', 'Z07:00', 'Z0700', '002', '__2', 'Jan', 'Mon', 'MST',
  '01', '02', '_2', '03', '04', '05', '06', '15', 'PM', 'pm', '-07', 'Z07', '1', '2', '3', '4', '5',
]

const p2 = (n: number) => String(n).padStart(2, '0')

export function formatGoTime(ms: number, layout: string): string {
  const d = new Date(ms)
  const h = d.getUTCHours()
  let out = ''
  let i = 0
  while (i < layout.length) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i))
    if (frac) {
      const n = frac[1]!.length
      const digits = String(d.getUTCMilliseconds()).padStart(3, '0').padEnd(9, '0').slice(0, n)
      out += frac[1]![0] === '0' ? layout[i] + digits : digits.replace(/0+$/, '') ? layout[i] + digits.replace(/0+$/, '') : ''
      i += frac[0].length
      continue
    }
    const tok = TOKENS.find((t) => layout.startsWith(t, i))
    if (!tok) {
      out += layout[i++]
      continue
    }
    i += tok.length
    out += value(tok, d, h)
  }
  return out
}

function value(tok: string, d: Date, h: number): string {
  switch (tok) {
    case 'January': return MONTHS[d.getUTCMonth()]!
    case 'Jan': return MONTHS[d.getUTCMonth()]!.slice(0, 3)
    case 'Monday': return DAYS[d.getUTCDay()]!
    case 'Mon': return DAYS[d.getUTCDay()]!.slice(0, 3)
    case '2006': return String(d.getUTCFullYear()).padStart(4, '0')
    case '06': return p2(d.getUTCFullYear() % 100)
    case '01': return p2(d.getUTCMonth() + 1)
    case '1': return String(d.getUTCMonth() + 1)
    case '02': return p2(d.getUTCDate())
    case '2': return String(d.getUTCDate())
    case '_2': return String(d.getUTCDate()).padStart(2, ' ')
    case '002': case '__2': {
      const yday = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 864e5) + 1
      return tok === '002' ? String(yday).padStart(3, '0') : String(yday).padStart(3, ' ')
    }
    case '15': return p2(h)
    case '03': return p2(h % 12 || 12)
    case '3': return String(h % 12 || 12)
    case '04': return p2(d.getUTCMinutes())
    case '4': return String(d.getUTCMinutes())
    case '05': return p2(d.getUTCSeconds())
    case '5': return String(d.getUTCSeconds())
    case 'PM': return h >= 12 ? 'PM' : 'AM'
    case 'pm': return h >= 12 ? 'pm' : 'am'
    case 'MST': return 'UTC'
    case 'Z07:00': case 'Z0700': case 'Z07': return 'Z'
    case '-07:00': return '+00:00'
    case '-0700': return '+0000'
    case '-07': return '+00'
    case '-07:00:00': return '+00:00:00'
  }
  return tok
}

export const RFC3339 = '2006-01-02T15:04:05Z07:00'
