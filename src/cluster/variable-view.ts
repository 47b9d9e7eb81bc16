import {readFileSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import type {Variable} from '../model/index.js'
import {formatKv, formatTable} from './format.js'

// `zdev var …` input and output, as `nomad var` reads and prints them: items given as
// key=value arguments (key=@file reads the value from a file), a Key = value block for get,
// a table for list.

/** key=value arguments → items. A value "@path" is read from that file. */
export function parseItemArgs(args: string[], readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')): Record<string, string> {
  const items: Record<string, string> = {}
  for (const a of args) {
    const eq = a.indexOf('=')
    if (eq <= 0) throw new UserError(`Item "${a}" is not key=value.`, {code: 'invalid', hint: 'give items as key=value, e.g. `zdev var put nomad/jobs/web password=s3cret`'})
    const key = a.slice(0, eq)
    let value = a.slice(eq + 1)
    if (value.startsWith('@')) {
      try {
        value = readFile(value.slice(1))
      } catch (err) {
        throw new UserError(`Item "${key}": the file "${value.slice(1)}" cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, {code: 'invalid'})
      }
    }
    items[key] = value
  }
  return items
}

const time = (ns: number) => new Date(Math.floor(ns / 1e6)).toISOString().replace(/\.\d{3}Z$/, 'Z')

export function renderVariable(v: Variable): string[] {
  const keys = Object.keys(v.Items).sort()
  return [
    ...formatKv([['Namespace', v.Namespace], ['Path', v.Path], ['Create Time', time(v.CreateTime)], ['Check Index', v.ModifyIndex]]),
    '',
    'Items',
    ...formatKv(keys.map((k) => [k, v.Items[k]!])),
  ]
}

export function renderVariableList(vs: Variable[]): string[] {
  if (!vs.length) return ['No matching variables found']
  return formatTable(['Namespace', 'Path', 'Last Updated'], vs.map((v) => [v.Namespace, v.Path, time(v.ModifyTime)]))
}

export function putMessage(v: Variable): string {
  const verb = v.CreateIndex === v.ModifyIndex ? 'Created' : 'Updated'
  return `✓ ${verb} variable "${v.Path}" with modify index ${v.ModifyIndex}`
}
