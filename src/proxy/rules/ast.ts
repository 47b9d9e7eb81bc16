// The parsed shape of a Traefik v3 router rule. Plain data: printable, comparable, JSON-able.

export type RuleNode =
  | {kind: 'matcher'; name: string; args: string[]; column: number}
  | {kind: 'not'; child: RuleNode}
  | {kind: 'and' | 'or'; left: RuleNode; right: RuleNode}

/** What a compiled matcher looks at. Build one per request with `toMatchRequest`. */
export interface MatchRequest {
  method: string
  /** Lower-case host without port (Traefik's "canonized host"). */
  host: string
  /** Path with non-reserved percent-escapes decoded (Traefik's routing path). */
  path: string
  /** Raw query string without the leading "?". */
  rawQuery: string
  /** Node-style headers: lower-case names. */
  headers: Record<string, string | string[] | undefined>
  /** Client address of the TCP connection (not X-Forwarded-For). */
  remoteAddress: string
  /** Filled lazily by query matchers. */
  query?: Map<string, string[]>
}

export type Matcher = (req: MatchRequest) => boolean
