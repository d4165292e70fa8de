/**
 * What an editor shows for the spec's types, asked of the TypeScript language service (the same
 * service editors use): the hover text of a field in a consumer's code, and every field reachable
 * from the spec type whose hover would lack a description or a `@default`.
 */
import { existsSync, readFileSync } from 'node:fs';
import ts from 'typescript';

export interface Hover {
  /** `(property) RedisEnterpriseClusterSpec.nodes?: number` */
  readonly signature: string;
  readonly documentation: string;
  /** `@tag text` of each JSDoc tag. */
  readonly tags: readonly string[];
}

export interface ConsumerService {
  /** The hover of the first occurrence of `marker` in the consumer (the position of its first character). */
  hover(marker: string): Hover;
  /** Fields reachable from the exported type `typeName` of the consumer whose hover lacks a description or a `@default`. */
  undocumented(typeName: string): string[];
  readonly diagnostics: readonly string[];
}

/** A language service over one consumer file (`fileName`, contents `text`) and what it imports from disk. */
export function consumerService(
  fileName: string,
  text: string,
  options: ts.CompilerOptions = {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  },
): ConsumerService {
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [fileName],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      if (name === fileName) return ts.ScriptSnapshot.fromString(text);
      return existsSync(name) ? ts.ScriptSnapshot.fromString(readFileSync(name, 'utf8')) : undefined;
    },
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === fileName || ts.sys.fileExists(name),
    readFile: (name) => (name === fileName ? text : ts.sys.readFile(name)),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
    directoryExists: (name) => ts.sys.directoryExists(name),
    getDirectories: (name) => ts.sys.getDirectories(name),
  };
  const service = ts.createLanguageService(host);
  const program = service.getProgram()!;
  const checker = program.getTypeChecker();
  const diagnostics = [...program.getSemanticDiagnostics(), ...program.getSyntacticDiagnostics()].map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );

  return {
    diagnostics,
    hover(marker) {
      const position = text.indexOf(marker);
      if (position < 0) throw new Error(`no "${marker}" in the consumer`);
      const info = service.getQuickInfoAtPosition(fileName, position);
      if (!info) throw new Error(`no hover at "${marker}"`);
      return {
        signature: ts.displayPartsToString(info.displayParts),
        documentation: ts.displayPartsToString(info.documentation),
        tags: (info.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`.trim()),
      };
    },
    undocumented(typeName) {
      const source = program.getSourceFile(fileName)!;
      const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === typeName);
      if (!symbol) throw new Error(`the consumer exports no ${typeName}`);
      const missing: string[] = [];
      const seen = new Set<ts.Type>();
      const visit = (type: ts.Type, path: string) => {
        if (seen.has(type)) return;
        seen.add(type);
        if (type.isUnion() || type.isIntersection()) return type.types.forEach((t) => visit(t, path));
        if (checker.isArrayType(type))
          return visit(checker.getTypeArguments(type as ts.TypeReference)[0]!, `${path}[]`);
        if (!(type.flags & ts.TypeFlags.Object)) return;
        for (const property of checker.getPropertiesOfType(type)) {
          const where = `${path}.${property.name}`;
          const documentation = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
          const hasDefault = property.getJsDocTags(checker).some((t) => t.name === 'default');
          if (!documentation) missing.push(`${where}: no description`);
          if (!hasDefault) missing.push(`${where}: no @default`);
          visit(checker.getNonNullableType(checker.getTypeOfSymbol(property)), where);
        }
      };
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      visit(checker.getDeclaredTypeOfSymbol(target), typeName);
      return missing;
    },
  };
}
