// Exact decimal rounding of a double as Go's strconv does it (round half to even on the
// exact binary value), for %f, %e and %g with a precision. JS toFixed rounds ties up.

interface Dec {
  digits: string // no leading zeros; '' for zero
  exp: number // value = 0.digits × 10^exp
}

function exact(a: number): Dec {
  const s = a >= 1e21 ? BigInt(a).toString() : a.toFixed(100)
  const [i, f = ''] = s.split('.')
  const all = (i === '0' ? '' : i!) + f
  const intLen = i === '0' ? 0 : i!.length
  const lead = all.length - all.replace(/^0+/, '').length
  const digits = all.replace(/^0+/, '').replace(/0+$/, '')
  return {digits, exp: digits ? intLen - lead : 0}
}

/** Keeps n significant digits, ties to even. */
function round(d: Dec, n: number): Dec {
  if (n >= d.digits.length) return d
  if (n < 0) return {digits: '', exp: d.exp}
  const kept = d.digits.slice(0, n)
  const first = d.digits[n]!
  const rest = d.digits.slice(n + 1)
  const up = first > '5' || (first === '5' && (/[1-9]/.test(rest) || (kept !== '' && Number(kept.at(-1)) % 2 === 1)))
  if (!up) return {digits: kept.replace(/0+$/, ''), exp: kept ? d.exp : d.exp}
  if (kept === '') return {digits: '1', exp: d.exp + 1}
  let arr = kept.split('').map(Number)
  let i = arr.length - 1
  while (i >= 0 && arr[i] === 9) arr[i--] = 0
  let exp = d.exp
  if (i < 0) {
    arr = [1, ...arr]
    exp++
  } else arr[i]!++
  return {digits: arr.join('').replace(/0+$/, ''), exp}
}

export function toFixedGo(a: number, prec: number): string {
  const d = round(exact(a), exact(a).exp + prec)
  const digits = d.digits.padEnd(Math.max(d.exp + prec, 0), '0')
  const intPart = d.exp > 0 ? digits.slice(0, d.exp).padEnd(d.exp, '0') : '0'
  let frac = d.exp >= 0 ? digits.slice(d.exp) : '0'.repeat(-d.exp) + digits
  frac = frac.padEnd(prec, '0').slice(0, prec)
  return prec > 0 ? `${intPart}.${frac}` : intPart
}

/** d.ddd×10^e with `prec` digits after the point. */
export function toExponentialGo(a: number, prec: number): string {
  if (a === 0) return `${prec > 0 ? '0.' + '0'.repeat(prec) : '0'}e+00`
  const d = round(exact(a), prec + 1)
  const digits = d.digits.padEnd(prec + 1, '0')
  const e = d.exp - 1
  const mant = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : digits[0]!
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
}

/** %g with a precision: shortest of %e/%f for `prec` significant digits, zeros trimmed. */
export function toGeneralGo(a: number, prec: number): string {
  if (a === 0) return '0'
  const d = round(exact(a), prec)
  const e = d.exp - 1
  if (e < -4 || e >= prec) {
    const mant = d.digits.length > 1 ? `${d.digits[0]}.${d.digits.slice(1)}` : d.digits
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  }
  if (d.exp <= 0) return `0.${'0'.repeat(-d.exp)}${d.digits}`
  const ip = d.digits.slice(0, d.exp).padEnd(d.exp, '0')
  const fp = d.digits.slice(d.exp)
  return fp ? `${ip}.${fp}` : ip
}
