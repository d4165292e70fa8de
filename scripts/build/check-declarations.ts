/**
 * `npm run build`, after plain-declarations.ts: the declarations of the construct entry compile
 * in a consumer with the stock cdk8s template's compiler options (read from the template inside
 * cdk8s-cli: `skipLibCheck` off, `lib: es2016`, CommonJS) and no Node types at all, so the root
 * entry's types never depend on the app's @types/node. The full app is tested in test/package/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const template = join(root, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app', 'tsconfig.json');
const read: { config?: { compilerOptions?: unknown }; error?: ts.Diagnostic } = ts.readConfigFile(template, (path) =>
  ts.sys.readFile(path),
);
if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
const options = ts.convertCompilerOptionsFromJson(read.config?.compilerOptions, root).options;

const dir = mkdtempSync(join(tmpdir(), 'rec-cdk8s-declarations-'));
try {
  const consumer = join(dir, 'consumer.ts');
  const entry = join(root, 'build', 'cjs', 'lib', 'index').replace(/\\/g, '/');
  writeFileSync(consumer, `import * as rec from '${entry}';\nexport const used: unknown[] = [rec.RedisEnterpriseCluster, rec.renderClusterManifest, rec.ClusterSpecError];\nexport type Spec = rec.RedisEnterpriseClusterSpec;\n`);
  const program = ts.createProgram([consumer], { ...options, noEmit: true, types: [] });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const text = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
    process.stderr.write(`the construct entry's declarations do not compile with the cdk8s template's options:\n${text}`);
    process.exitCode = 1;
  } else {
    const files = program.getSourceFiles().map((f) => f.fileName).filter((f) => f.includes('/node_modules/') && !f.includes('/typescript/lib/'));
    const foreign = files.filter((f) => !/\/node_modules\/(cdk8s|constructs)\//.test(f));
    if (foreign.length > 0) {
      process.stderr.write(`the construct entry's declarations reach packages a construct user should not need:\n${foreign.join('\n')}\n`);
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
