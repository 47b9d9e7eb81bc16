import {describe, expect, test} from 'vitest'
import {parseEnvFile, renderTemplate, templateServiceNames} from '../../../src/client/runner/template.js'

const env = {NOMAD_PORT_http: '23456', NAME: ' Zed ', EMPTY: ''}

describe('renderTemplate', () => {
  test.each([
    ['plain text', 'hello\nworld', 'hello\nworld'],
    ['env function', 'port={{ env "NOMAD_PORT_http" }}', 'port=23456'],
    ['env without spaces', 'port={{env "NOMAD_PORT_http"}}', 'port=23456'],
    ['missing variable is empty', 'x={{ env "NOPE" }}.', 'x=.'],
    ['comment', 'a{{/* a comment */}}b', 'ab'],
    ['trim markers', 'a  \n {{- env "NOMAD_PORT_http" -}} \n  b', 'a23456b'],
    ['string literal', '{{ "lit" }}', 'lit'],
    ['backquoted literal', '{{ `raw "x"` }}', 'raw "x"'],
    ['pipes', '{{ env "NAME" | trimSpace | toUpper }}', 'ZED'],
    ['delimiter inside a string', '{{ "}}" }}', '}}'],
  ])('%s', (_d, src, want) => {
    expect(renderTemplate(src, {env})).toBe(want)
  })

  test('custom delimiters leave {{ }} alone', () => {
    expect(renderTemplate('{{ keep }} [[ env "NOMAD_PORT_http" ]]', {env, leftDelim: '[[', rightDelim: ']]'})).toBe('{{ keep }} 23456')
  })

  test.each([
    ['Consul key', 'a\n{{ key "app/config" }}', 'function "key" at line 2 needs Consul KV, which zdev does not provide; use {{ env "NAME" }} or the task\'s env block instead'],
    ['Vault secret', '{{ with secret "kv/x" }}{{ end }}', 'function "secret" at line 1 needs Vault, which zdev does not provide; use {{ env "NAME" }} or the task\'s env block instead'],
    ['if', '{{ if env "X" }}x{{ end }}', '"if" at line 1 is not supported by zdev\'s template renderer (supported: env, nomadService, range/else/end, toUpper, toLower, trimSpace, join)'],
    ['unknown function', '{{ sprig "x" }}', 'function "sprig" at line 1 is not supported by zdev\'s template renderer (supported: env, nomadService, range/else/end, toUpper, toLower, trimSpace, join)'],
    ['Nomad variables', '{{ nomadVar "nomad/jobs/x" }}', 'function "nomadVar" at line 1 needs Nomad variables, which zdev does not provide; use {{ env "NAME" }} or the task\'s env block instead'],
    ['Consul service', '{{ service "db" }}', 'function "service" at line 1 needs Consul, which zdev does not provide; use {{ env "NAME" }} or the task\'s env block instead'],
    ['nomadService without a catalog', '{{ nomadService "db" }}', 'function "nomadService" at line 1 needs the service catalog, which this node agent does not provide'],
    ['unclosed action', 'x {{ env "A"', 'unclosed action at line 1: missing "}}"'],
    ['env without a name', '{{ env }}', 'env at line 1 takes one quoted variable name, as in {{ env "NOMAD_PORT_http" }}'],
  ])('%s is an error', (_d, src, message) => {
    expect(() => renderTemplate(src, {env})).toThrow(message)
  })
})

describe('nomadService and range', () => {
  const db = (addr: string, port: number) => ({ID: `db-${port}`, Name: 'db', Address: addr, Port: port, Tags: ['primary', 'v2'], AllocID: 'a', NodeID: 'n', Datacenter: 'dc1', Namespace: 'default'})
  const services = {db: [db('127.0.1.2', 2001), db('127.0.1.3', 2002)]}

  test.each([
    ['addresses of every instance', '{{ range nomadService "db" }}server {{ .Address }}:{{ .Port }};\n{{ end }}', 'server 127.0.1.2:2001;\nserver 127.0.1.3:2002;\n'],
    ['trimmed one-liner', 'DB={{- range nomadService "db" }}{{ .Address }}:{{ .Port }},{{- end }}', 'DB=127.0.1.2:2001,127.0.1.3:2002,'],
    ['else when no instance', '{{ range nomadService "cache" }}{{ .Address }}{{ else }}none{{ end }}', 'none'],
    ['join tags, both forms', '{{ range nomadService "db" }}{{ join "," .Tags }}|{{ .Tags | join "+" }} {{ end }}', 'primary,v2|primary+v2 primary,v2|primary+v2 '],
    ['env inside range', '{{ range nomadService "db" }}{{ env "NAME" | trimSpace }}{{ end }}', 'ZedZed'],
    ['nested ranges', '{{ range nomadService "db" }}{{ range nomadService "db" }}x{{ end }}{{ end }}', 'xxxx'],
  ])('%s', (_d, src, want) => {
    expect(renderTemplate(src, {env, services})).toBe(want)
  })

  test.each([
    ['unclosed range', 'a\n{{ range nomadService "db" }}x', '{{ range }} at line 2 has no {{ end }}'],
    ['end without range', '{{ end }}', 'unexpected {{ end }} at line 1'],
    ['range variables', '{{ range $i, $s := nomadService "db" }}{{ end }}', 'range variables at line 1 are not supported by zdev\'s template renderer; use {{ range … }}{{ .Field }}{{ end }}'],
    ['unknown field', '{{ range nomadService "db" }}{{ .Host }}{{ end }}', 'no field "Host" at line 1'],
    ['printing a whole instance', '{{ range nomadService "db" }}{{ . }}{{ end }}', 'cannot print a structure at line 1; pick a field such as {{ .Address }}'],
    ['range over a string', '{{ range env "X" }}{{ end }}', 'range at line 1 needs a list, as from nomadService "name"'],
  ])('%s is an error', (_d, src, message) => {
    expect(() => renderTemplate(src, {env, services})).toThrow(message)
  })

  test('templateServiceNames lists what to fetch', () => {
    expect(templateServiceNames('{{ range nomadService "db" }}{{end}}{{ range nomadService "cache" }}{{end}}{{ range nomadService "db" }}{{end}}')).toEqual(['db', 'cache'])
  })
})

describe('parseEnvFile', () => {
  test('KEY=VALUE lines, comments, export and quotes', () => {
    const text = '# comment\nA=1\n\nexport B = two words \nC="quoted = yes"\nD=\'single\'\nE=a=b\n'
    expect(parseEnvFile(text)).toEqual({A: '1', B: 'two words', C: 'quoted = yes', D: 'single', E: 'a=b'})
  })

  test('a line without = names the line', () => {
    expect(() => parseEnvFile('A=1\noops')).toThrow('line 2 of the env template is not KEY=VALUE: "oops"')
  })
})
