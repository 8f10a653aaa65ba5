// Builds the `eks-sg-advisor` command into dist/ (run by `npm ci` through the `prepare` script).
import { chmodSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

const outfile = 'dist/eks-sg-advisor.cjs';
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
