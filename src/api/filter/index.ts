// ?filter= on list endpoints: parse once per request, keep the items the expression holds for.
import {ApiError} from '../types.js'
import {compileFilter, FilterEvalError, type Predicate} from './evaluate.js'
import {FilterError} from './lexer.js'
import {filterErrorText, parseFilter} from './parse.js'

export {parseFilter, filterErrorText} from './parse.js'
export {compileFilter, FilterEvalError} from './evaluate.js'
export {FilterError} from './lexer.js'
export {printExpr} from './ast.js'

/** The request's filter as a predicate, null without one; a bad expression is a 400. */
export function requestFilter(q: URLSearchParams): Predicate | null {
  const src = q.get('filter')
  if (src === null || src.trim() === '') return null
  try {
    return compileFilter(parseFilter(src))
  } catch (err) {
    if (err instanceof FilterError) throw new ApiError(400, filterErrorText(err))
    throw err
  }
}

/** Keep what `keep` holds for; a type clash while evaluating is a 400 too. */
export function applyFilter<T>(items: T[], keep: Predicate): T[] {
  try {
    return items.filter((x) => keep(x))
  } catch (err) {
    if (err instanceof FilterEvalError) throw new ApiError(400, `failed to apply filter: ${err.message}`)
    throw err
  }
}
