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
  /** Header lines as received: [name, value, name, value, …]. */
  rawHeaders: readonly string[]
  /** Filled lazily by header matchers: lower-case name → one value per header line. */
  headerLines?: Map<string, string[]>
  /** Client address of the TCP connection (not X-Forwarded-For). */
  remoteAddress: string
  /** Filled lazily by query matchers. */
  query?: Map<string, string[]>
}

export type Matcher = (req: MatchRequest) => boolean
