import {FuncError} from './errors.js'
import {typeName} from './values.js'

// The function table a template is parsed and executed with. A function gets its evaluated
// arguments (the piped value last) and returns a value or throws FuncError (reported as
// "error calling NAME: …") or ArgError (reported as is, like Go's argument type errors).

export interface FuncDef {
  call: (...args: unknown[]) => unknown
  min: number
  max: number
}

export type FuncMap = Record<string, FuncDef>

/** A function taking exactly impl.length arguments, or min..max (Infinity = variadic). */
export function def(impl: (...args: never[]) => unknown, min: number = impl.length, max: number = min): FuncDef {
  return {call: impl as (...args: unknown[]) => unknown, min, max}
}

export class ArgError extends Error {}

export function str(v: unknown): string {
  if (typeof v === 'string') return v
  throw new ArgError(`wrong type for value; expected string; got ${typeName(v)}`)
}

export function int(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v
  throw new ArgError(`wrong type for value; expected int; got ${typeName(v)}`)
}

export function num(v: unknown): number {
  if (typeof v === 'number') return v
  throw new ArgError(`wrong type for value; expected float64; got ${typeName(v)}`)
}

export function strList(v: unknown): string[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  throw new ArgError(`wrong type for value; expected []string; got ${typeName(v)}`)
}

export function fail(msg: string): never {
  throw new FuncError(msg)
}
