// `node scripts/run-ts.mjs FILE.ts [ARGS...]`: bundles one TypeScript script of the repository
// and what it imports with esbuild (`#core/*` imports resolve; the bundle runs from anywhere) into
// a temporary file, runs it with ARGS, and removes the bundle. Used by `npm run smoke` and the
// local moto seed.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('Usage: node scripts/run-ts.mjs FILE.ts [ARGS...]\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'eks-sg-advisor-script-'));
const outfile = join(dir, 'script.cjs');
await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
process.argv = [process.argv[0], outfile, ...args];
createRequire(import.meta.url)(outfile);
