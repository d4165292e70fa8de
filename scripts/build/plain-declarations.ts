/**
 * `npm run build`, last step: declarations without zod types. The stock cdk8s template compiles
 * with `skipLibCheck` off and `esModuleInterop` off, and zod's own declarations do not compile
 * there (its locales are `export =` modules default-imported). So no declaration file we publish
 * may import zod: in each emitted `.d.ts` that does, a type alias over zod (the spec types) is
 * replaced by the plain object type it stands for, computed from the sources by the compiler, and
 * the zod schemas and helpers themselves (internal: never exported from an entry) are left out.
 * `scripts/build/check-declarations.ts` then compiles a consumer with the template's options.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const BUILD_DIRS = ['build', join('build', 'cjs')];
const ZOD = /\bz\.|\bZod[A-Z$]?|\$Zod|import\("zod/;

function declarationFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !(dir === 'build' && relative(join(root, 'build'), f).startsWith('cjs')));
}

const importsZod = (text: string) => /from ["']zod["']/.test(text);

/** The plain type of `alias` declared in the source file `source`, written out in full. */
function expandedAlias(program: ts.Program, source: string, alias: string): string {
  const file = program.getSourceFile(source);
  const decl = file?.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === alias);
  if (!decl) throw new Error(`${relative(root, source)}: no type alias ${alias} to expand`);
  const checker = program.getTypeChecker();
  const text = checker.typeToString(checker.getTypeAtLocation(decl.name), undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias | ts.TypeFormatFlags.UseFullyQualifiedType);
  if (ZOD.test(text)) throw new Error(`${relative(root, source)}: ${alias} still names zod once expanded`);
  return text;
}

function rewrite(program: ts.Program, declarationFile: string, source: string): string {
  const text = readFileSync(declarationFile, 'utf8');
  const file = ts.createSourceFile(declarationFile, text, ts.ScriptTarget.Latest, true);
  const dropped = new Set<string>();
  const mentionsDropped = (s: string) => [...dropped].some((name) => new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(s));
  const kept: string[] = [];
  // Names first: a statement that refers to a left-out one is left out too (or expanded).
  let changed = true;
  while (changed) {
    changed = false;
    for (const statement of file.statements) {
      const body = statement.getText(file);
      const names = declaredNames(statement);
      if (ts.isTypeAliasDeclaration(statement) || ts.isImportDeclaration(statement)) continue;
      if ((ZOD.test(body) || mentionsDropped(body)) && names.some((n) => !dropped.has(n))) {
        names.forEach((n) => dropped.add(n));
        changed = true;
      }
    }
  }
  for (const statement of file.statements) {
    const full = statement.getFullText(file);
    const body = statement.getText(file);
    if (ts.isImportDeclaration(statement) && /["']zod["']/.test(statement.moduleSpecifier.getText(file))) continue;
    if (ts.isTypeAliasDeclaration(statement) && (ZOD.test(body) || mentionsDropped(body))) {
      const leading = full.slice(0, full.length - body.length);
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ? 'export ' : '';
      kept.push(`${leading}${exported}type ${statement.name.text}${typeParameters(statement, file)} = ${expandedAlias(program, source, statement.name.text)};`);
      continue;
    }
    if (declaredNames(statement).some((n) => dropped.has(n))) continue;
    kept.push(full);
  }
  return `${kept.join('')}\n`;
}

function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((d) => d.name.getText());
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) return [statement.name.text];
  return [];
}

function typeParameters(statement: ts.TypeAliasDeclaration, file: ts.SourceFile): string {
  return statement.typeParameters ? `<${statement.typeParameters.map((p) => p.getText(file)).join(', ')}>` : '';
}

const targets: { declarationFile: string; source: string }[] = [];
for (const dir of BUILD_DIRS) {
  for (const declarationFile of declarationFiles(dir)) {
    if (!importsZod(readFileSync(declarationFile, 'utf8'))) continue;
    const rel = relative(join(root, dir), declarationFile).replace(/\.d\.ts$/, '.ts');
    targets.push({ declarationFile, source: join(root, rel) });
  }
}
const program = ts.createProgram([...new Set(targets.map((t) => t.source))], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
});
for (const { declarationFile, source } of targets) {
  writeFileSync(declarationFile, rewrite(program, declarationFile, source));
  process.stderr.write(`plain declarations: ${relative(root, declarationFile)}\n`);
}
