import {UserError} from '../../lib/errors.js'

/** A rule that cannot be parsed or compiled. `column` is 1-based within the rule text. */
export class RuleError extends UserError {
  readonly rule: string
  readonly ruleColumn: number

  constructor(rule: string, column: number, problem: string, hint?: string) {
    super(`rule ${JSON.stringify(rule)} column ${column}: ${problem}`, {
      code: 'invalid_rule',
      column,
      hint: hint ?? 'Rules look like Host(`app.localhost`) && PathPrefix(`/api`); see Traefik v3 router rules.',
    })
    this.name = 'RuleError'
    this.rule = rule
    this.ruleColumn = column
  }
}
