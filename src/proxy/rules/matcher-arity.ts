/** Matchers of Traefik v3's HTTP rule syntax and how many values each takes. */
export const MATCHER_ARITY: Readonly<Record<string, readonly number[]>> = {
  Host: [1],
  HostRegexp: [1],
  Path: [1],
  PathPrefix: [1],
  PathRegexp: [1],
  Method: [1],
  Header: [2],
  HeaderRegexp: [2],
  Query: [1, 2],
  QueryRegexp: [1, 2],
  ClientIP: [1],
}
