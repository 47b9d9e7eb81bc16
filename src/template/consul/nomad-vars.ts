import type {Variable, VariableMetadata as VariableMeta} from '../../model/variable.js'
import {goStruct, withMethods} from '../values.js'

// The values nomadVar and nomadVarList give a template, shaped as consul-template's
// NomadVarItems (a map of items whose String() is the value, with Keys/Values/Tuples/
// Metadata/Parent methods) and NomadVarMeta.

export type {Variable, VariableMeta}

export function varMeta(v: VariableMeta): object {
  const m = {Namespace: v.Namespace, Path: v.Path, CreateIndex: v.CreateIndex, ModifyIndex: v.ModifyIndex, CreateTime: v.CreateTime, ModifyTime: v.ModifyTime}
  return goStruct('*dependency.NomadVarMeta', m, {String: () => v.Path})
}

/** The map nomadVar returns: `{{ .password }}` prints the value; `.password.Value` too. */
export function varItems(v: Variable): Record<string, unknown> {
  const keys = Object.keys(v.Items).sort()
  const items: Record<string, unknown> = {}
  const parent = goStruct('*dependency.NomadVariable', {Namespace: v.Namespace, Path: v.Path, Items: v.Items}, {})
  for (const k of keys) {
    const value = v.Items[k]!
    items[k] = goStruct('dependency.NomadVarItem', {Key: k, Value: value}, {String: () => value})
  }
  return withMethods(items, {
    Keys: () => keys,
    Values: () => keys.map((k) => items[k]),
    Tuples: () => keys.map((k) => goStruct('struct { K string; V dependency.NomadVarItem }', {K: k, V: items[k]})),
    Metadata: () => varMeta(v),
    Parent: () => parent,
  })
}
