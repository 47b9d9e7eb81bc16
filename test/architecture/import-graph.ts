// Every import between files under src/: static `import`/`export … from`, `import type`, and
// dynamic `import('…')` with a literal specifier, read from TypeScript's own syntax tree.
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** One import; `typeOnly` when TypeScript erases it (`import type`, or every name marked `type`). */
export type ImportEdge = {from: string; to: string; line: number; specifier: string; typeOnly?: boolean}
export type ImportGraph = {files: string[]; edges: ImportEdge[]; unresolved: ImportEdge[]}

function listSources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) listSources(p, out)
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

/** Resolves `./x.js` the way NodeNext does for our sources: x.ts, x.tsx, or x/index.ts. */
function resolveLocal(fromFile: string, specifier: string, known: Set<string>): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier).replace(/\.(js|jsx)$/, '')
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')].find((c) => known.has(c))
}

type RawImport = {specifier: string; pos: number; typeOnly: boolean}

function importsOf(source: ts.SourceFile): RawImport[] {
  const out: RawImport[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)))
      out.push({specifier: node.moduleSpecifier.text, pos: node.getStart(source), typeOnly})
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined
      const typeOnly = node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly))
      out.push({specifier: node.moduleSpecifier.text, pos: node.getStart(source), typeOnly})
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0]
      if (arg && ts.isStringLiteralLike(arg)) out.push({specifier: arg.text, pos: node.getStart(source), typeOnly: false})
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({specifier: node.argument.literal.text, pos: node.getStart(source), typeOnly: true}) // import('x').T in a type
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

/** The graph of src/: file names relative to srcDir, edges only between our own files. */
export function readImportGraph(srcDir: string): ImportGraph {
  const absolute = listSources(srcDir).sort()
  const known = new Set(absolute)
  const rel = (f: string) => path.relative(srcDir, f).split(path.sep).join('/')
  const edges: ImportEdge[] = []
  const unresolved: ImportEdge[] = []
  for (const file of absolute) {
    const text = readFileSync(file, 'utf8')
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
    for (const imp of importsOf(source)) {
      if (!imp.specifier.startsWith('.')) continue // packages and node: builtins
      const line = source.getLineAndCharacterOfPosition(imp.pos).line + 1
      const target = resolveLocal(file, imp.specifier, known)
      const edge = {from: rel(file), to: target ? rel(target) : imp.specifier, line, specifier: imp.specifier, typeOnly: imp.typeOnly}
      ;(target ? edges : unresolved).push(edge)
    }
  }
  return {files: absolute.map(rel), edges, unresolved}
}
