import {describe, expect, test} from 'vitest'
import {consulTemplateFuncs, MissingDependency, type CatalogInstance, type TemplateData, type Variable} from '../../src/template/consul/index.js'
import {renderText} from '../../src/template/index.js'

// consul-template's helper functions, cases from its templating-language documentation.

const inst = (name: string, addr: string, port: number, tags: string[] = [], healthy = true): CatalogInstance => ({
  ID: `_nomad-task-${name}-${port}`, ServiceName: name, Namespace: 'default', NodeID: 'n1', Datacenter: 'dc1', JobID: 'j', AllocID: `a-${port}`, Tags: tags, Address: addr, Port: port, Healthy: healthy,
})

const vars = new Map<string, Variable>([
  ['nomad/jobs/web', {Namespace: 'default', Path: 'nomad/jobs/web', CreateIndex: 1, ModifyIndex: 2, CreateTime: 0, ModifyTime: 0, Items: {password: 's3cret', user: 'admin'}}],
  ['nomad/jobs/web/g', {Namespace: 'default', Path: 'nomad/jobs/web/g', CreateIndex: 3, ModifyIndex: 3, CreateTime: 0, ModifyTime: 0, Items: {k: 'v'}}],
])

const data: TemplateData = {
  env: {NOMAD_PORT_http: '8080', 'node.unique.name': 'node-1', 'attr.kernel.name': 'linux', EMPTY: ''},
  services: [inst('db', '127.0.1.3', 2002, ['primary']), inst('db', '127.0.1.2', 2001, ['replica']), inst('cache', '127.0.1.2', 6379, [], false)],
  variables: {
    read: (p) => (p === 'secret/other' ? {found: false, reason: 'denied'} : vars.has(p) ? {found: true, variable: vars.get(p)!} : {found: false, reason: 'missing'}),
    list: (prefix) => [...vars.values()].filter((v) => v.Path.startsWith(prefix)),
  },
  kv: {'app/config/port': '80', 'app/config/nested/x': 'y', 'app/name': 'demo'},
  now: () => Date.UTC(2024, 0, 2, 15, 4, 5, 120),
}

const render = (src: string, d: unknown = {}) => renderText(src, d, {name: 't', funcs: consulTemplateFuncs(data)})

describe('strings and lists', () => {
  test.each([
    ['toLower/toUpper/toTitle', '{{ "Hello World" | toLower }} {{ "abc" | toUpper }} {{ "hello wide-world_x" | toTitle }}', 'hello world ABC Hello Wide-World_x'],
    ['trimSpace', '{{ "  \\t x \\n" | trimSpace }}', 'x'],
    ['trim, trimPrefix, trimSuffix', '{{ "!!hi!!" | trim "!" }} {{ "prefix-x" | trimPrefix "prefix-" }} {{ "x.txt" | trimSuffix ".txt" }}', 'hi x x'],
    ['split then join', '{{ "a,b,c" | split "," | join ";" }}', 'a;b;c'],
    ['split of an empty string is empty', '{{ "" | split "," | len }}', '0'],
    ['splitToMap', '{{ with "a:1,b:2" | splitToMap "," ":" }}{{ .a }}{{ .b }}{{ end }}', '12'],
    ['replaceAll', '{{ "foo.bar.baz" | replaceAll "." "_" }}', 'foo_bar_baz'],
    ['regexMatch', '{{ "foo.bar" | regexMatch "foo([.a-z]+)" }} {{ "x" | regexMatch "^y" }}', 'true false'],
    ['regexReplaceAll with a group', '{{ "foo.bar" | regexReplaceAll "foo([.a-z]+)" "$1" }}', '.bar'],
    ['regexReplaceAll with a named group', '{{ "k=v" | regexReplaceAll "(?P<key>\\\\w+)=(?P<val>\\\\w+)" "${val}=${key}" }}', 'v=k'],
    ['indent', '{{ "a\\nb" | indent 2 }}', '  a\n  b'],
    ['contains on a list and in', '{{ if .Tags | contains "prod" }}y{{ end }}{{ if in .Tags "dev" }}n{{ else }}-{{ end }}', 'y-'],
    ['containsAll/Any/None/NotAll', '{{ containsAll .Need .Tags }} {{ containsAny .Need .Tags }} {{ containsNone .Need .Tags }} {{ containsNotAll .Need .Tags }}', 'false true false true'],
    ['parseBool, parseInt, parseFloat, parseUint', '{{ "true" | parseBool }} {{ "42" | parseInt | add 1 }} {{ "1.5" | parseFloat }} {{ "7" | parseUint }}', 'true 43 1.5 7'],
    ['loop', '{{ range loop 3 }}{{ . }}{{ end }} {{ range $i := loop 5 8 }}{{ $i }}{{ end }}', '012 567'],
    ['math in pipelines (argument order)', '{{ 5 | subtract 2 }} {{ 10 | divide 2 }} {{ 5 | modulo 2 }} {{ 2 | multiply 3 }} {{ add 1 2 }} {{ minimum 2 5 }} {{ maximum 2 5 }}', '3 5 1 6 3 2 5'],
    ['integer division truncates', '{{ divide 2 7 }} {{ divide 2 7.5 }}', '3 3.75'],
  ])('%s', (_d, src, want) => {
    expect(render(src, {Tags: ['prod', 'web'], Need: ['prod', 'db']})).toBe(want)
  })

  test.each([
    ['a bad regexp', '{{ "x" | regexMatch "(" }}', 'template: t:1:9: executing "t" at <regexMatch "(">: error calling regexMatch: error parsing regexp "(":'],
    ['parseInt of text', '{{ "x1" | parseInt }}', 'error calling parseInt: strconv.ParseInt: parsing "x1": invalid syntax'],
    ['a non-string to toUpper', '{{ 5 | toUpper }}', 'template: t:1:7: executing "t" at <toUpper>: wrong type for value; expected string; got int'],
    ['division by zero', '{{ divide 0 5 }}', 'error calling divide: divide: division by 0'],
    ['a Vault function', '{{ with secret "kv/x" }}{{ end }}', 'error calling secret: secret needs Vault, which zdev does not provide'],
  ])('%s is an error', (_d, src, msg) => {
    expect(() => render(src)).toThrow(msg)
  })
})

describe('encoding', () => {
  test.each([
    ['toJSON sorts keys and escapes HTML characters like Go', '{{ toJSON .M }}', '{"a":"<b>","b":[1,2],"z":null}'],
    ['toUnescapedJSON', '{{ toUnescapedJSON .M }}', '{"a":"<b>","b":[1,2],"z":null}'.replace('\\u003cb\\u003e', '<b>')],
    ['toJSONPretty indents by two spaces', '{{ toJSONPretty .S }}', '{\n  "k": "v"\n}'],
    ['parseJSON', '{{ with $d := "{\\"name\\":\\"x\\",\\"n\\":[1,2]}" | parseJSON }}{{ $d.name }} {{ index $d.n 1 }}{{ end }}', 'x 2'],
    ['parseJSON of an empty string is an empty map', '{{ "" | parseJSON | len }}', '0'],
    ['toYAML', '{{ toYAML .S }}', 'k: v'],
    ['parseYAML', '{{ (parseYAML "a: 1\\nb: [x]").b }}', '[x]'],
    ['base64 round trip', '{{ base64Encode "hello" }} {{ base64Decode "aGVsbG8=" }}', 'aGVsbG8= hello'],
    ['base64URL keeps padding', '{{ base64URLEncode "??>" }} {{ base64URLDecode "Pz8-" }}', 'Pz8- ??>'],
    ['sha256Hex and md5sum', '{{ sha256Hex "bladibla" | len }} {{ md5sum "a" }}', '64 0cc175b9c0f1b6a831c399e269772661'],
    ['an escaped-quoted interpolation as job files write it', '{{base64Decode "eyJrIjoidiJ9"}}', '{"k":"v"}'],
  ])('%s', (_d, src, want) => {
    expect(render(src, {M: {z: null, a: '<b>', b: [1, 2]}, S: {k: 'v'}})).toBe(want.replace('"a":"<b>"', src.includes('Unescaped') ? '"a":"<b>"' : '"a":"\\u003cb\\u003e"'))
  })

  test('bad base64 is an error', () => {
    expect(() => render('{{ base64Decode "a!" }}')).toThrow('error calling base64Decode: base64Decode: illegal base64 data at input byte 1')
  })
})

describe('env, time and sockaddr', () => {
  test.each([
    ['env of a task variable', '{{ env "NOMAD_PORT_http" }}', '8080'],
    ['env of a node attribute', '{{ env "node.unique.name" }} {{ env "attr.kernel.name" }}', 'node-1 linux'],
    ['env of an unset variable is empty', '[{{ env "NOPE" }}]', '[]'],
    ['envOrDefault', '{{ envOrDefault "NOPE" "d" }} {{ envOrDefault "EMPTY" "e" }} {{ envOrDefault "NOMAD_PORT_http" "x" }}', 'd e 8080'],
    ['or as a default', '{{ or (env "CLUSTER_ID") "12345" }}', '12345'],
    ['timestamp is RFC 3339 UTC', '{{ timestamp }}', '2024-01-02T15:04:05Z'],
    ['timestamp with a Go layout', '{{ timestamp "2006-01-02 15:04:05.000 Mon Jan _2 3PM" }}', '2024-01-02 15:04:05.120 Tue Jan  2 3PM'],
    ['timestamp unix', '{{ timestamp "unix" }}', '1704207845'],
    ['sockaddr private IP is the node address', '{{ sockaddr "GetPrivateIP" }}', '127.0.0.1'],
    ['executeTemplate', '{{ define "c" }}<{{ . }}>{{ end }}{{ executeTemplate "c" 42 }}{{ $v := executeTemplate "c" }}{{ $v }}', '<42><<no value>>'],
  ])('%s', (_d, src, want) => {
    expect(render(src)).toBe(want)
  })
})

describe('Nomad services and variables', () => {
  test.each([
    ['range nomadService, sorted by address', '{{ range nomadService "db" }}{{ .Address }}:{{ .Port }} {{ end }}', '127.0.1.2:2001 127.0.1.3:2002 '],
    ['instance fields', '{{ with index (nomadService "db") 0 }}{{ .Name }} {{ .AllocID }} {{ .Tags }} {{ .Datacenter }}{{ end }}', 'db a-2001 [replica] dc1'],
    ['a tag filter', '{{ range nomadService "primary.db" }}{{ .Port }}{{ end }}', '2002'],
    ['no instance → else', '{{ range nomadService "nope" }}x{{ else }}none{{ end }}', 'none'],
    ['nomadServices lists names and tags', '{{ range nomadServices }}{{ .Name }}{{ .Tags }} {{ end }}', 'cache[] db[primary replica] '],
    ['the count/key subset form is stable', '{{ len (nomadService 1 "k" "db") }}', '1'],
    ['with nomadVar: items print their value', '{{ with nomadVar "nomad/jobs/web" }}{{ .user }}:{{ .password }}{{ end }}', 'admin:s3cret'],
    ['item fields', '{{ with nomadVar "nomad/jobs/web" }}{{ .user.Key }}={{ .user.Value }}{{ end }}', 'user=admin'],
    ['range over items', '{{ range $k, $v := nomadVar "nomad/jobs/web" }}{{ $k }}={{ $v }};{{ end }}', 'password=s3cret;user=admin;'],
    ['Keys, Tuples, Metadata, Parent', '{{ with nomadVar "nomad/jobs/web" }}{{ .Keys }} {{ range .Tuples }}{{ .K }}={{ .V }} {{ end }}{{ .Metadata.Path }} {{ .Parent.Path }}{{ end }}', '[password user] password=s3cret user=admin nomad/jobs/web nomad/jobs/web'],
    ['nomadVarExists', '{{ nomadVarExists "nomad/jobs/web" }} {{ nomadVarExists "nomad/jobs/none" }}', 'true false'],
    ['nomadVarList', '{{ range nomadVarList "nomad/jobs/web" }}{{ .Path }} {{ end }}', 'nomad/jobs/web nomad/jobs/web/g '],
    ['service (Consul style) skips unhealthy instances unless |any', '{{ len (service "cache") }} {{ len (service "cache|any") }} {{ range service "db" }}{{ .Port }}{{ end }}', '0 1 20012002'],
    ['byTag', '{{ range $tag, $s := service "db" | byTag }}{{ $tag }}={{ len $s }} {{ end }}', 'primary=1 replica=1 '],
    ['key, keyOrDefault, keyExists', '{{ key "app/name" }} {{ keyOrDefault "app/none" "dflt" }} {{ keyExists "app/name" }}', 'demo dflt true'],
    ['ls lists one level, tree all', '{{ range ls "app/config" }}{{ .Key }}={{ .Value }} {{ end }}| {{ range tree "app/config" }}{{ .Key }} {{ end }}', 'port=80 | nested/x port '],
  ])('%s', (_d, src, want) => {
    expect(render(src)).toBe(want)
  })

  test('nomadVar of a missing variable waits for it (MissingDependency)', () => {
    let err: unknown
    try {
      render('{{ with nomadVar "nomad/jobs/none" }}{{ end }}')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(MissingDependency)
    expect((err as MissingDependency).dependency).toBe('nomad.var.block(nomad/jobs/none@default.global)')
  })

  test('a variable outside the task identity is denied', () => {
    expect(() => render('{{ nomadVar "secret/other" }}')).toThrow('error calling nomadVar: Permission denied: nomad.var.get(secret/other@default.global)')
  })

  test('a key that does not exist waits (MissingDependency)', () => {
    expect(() => render('{{ key "app/none" }}')).toThrow(MissingDependency)
  })
})

describe('sprig functions', () => {
  test.each([
    ['sprig_upper and sprig_repeat', '{{ "ab" | sprig_upper }} {{ "x" | sprig_repeat 3 }}', 'AB xxx'],
    ['sprig_default', '{{ "" | sprig_default "d" }} {{ "v" | sprig_default "d" }}', 'd v'],
    ['sprig_list, sprig_first, sprig_last, sprig_join', '{{ $l := sprig_list "a" "b" "c" }}{{ sprig_first $l }}{{ sprig_last $l }} {{ $l | sprig_join "-" }}', 'ac a-b-c'],
    ['sprig_dict and sprig_get', '{{ $d := sprig_dict "k" "v" }}{{ sprig_get $d "k" }} {{ sprig_hasKey $d "z" }}', 'v false'],
    ['sprig_quote, sprig_squote', '{{ sprig_quote "a" }} {{ sprig_squote "b" }}', '"a" \'b\''],
    ['sprig_trunc, sprig_substr, sprig_nospace', '{{ "hello" | sprig_trunc 3 }} {{ sprig_substr 1 3 "hello" }} {{ "a b c" | sprig_nospace }}', 'hel el abc'],
    ['sprig_snakecase, sprig_kebabcase, sprig_camelcase', '{{ sprig_snakecase "FirstName" }} {{ sprig_kebabcase "FirstName" }} {{ sprig_camelcase "http_server" }}', 'first_name first-name HttpServer'],
    ['sprig_ternary and sprig_empty', '{{ true | sprig_ternary "y" "n" }} {{ sprig_empty "" }}', 'y true'],
    ['sprig_until and sprig_add', '{{ sprig_until 3 }} {{ sprig_add 1 2 3 }}', '[0 1 2] 6'],
    ['sprig_b64enc', '{{ sprig_b64enc "hi" }}', 'aGk='],
  ])('%s', (_d, src, want) => {
    expect(render(src)).toBe(want)
  })
})
