// Builds the `eks-sg-advisor` command into dist/ (run by `npm ci` through the `prepare` script):
// a small entry (argument dispatch), one bundle per command loaded on demand (a command never
// parses another's code: startup stays short), and the scanning thread of `classify`.
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(version) },
};

// `import('#cli/commands/NAME.ts')` in the entry becomes `require('./commands/NAME.cjs')`.
const commandsApart = {
  name: 'commands-apart',
  setup(b) {
    b.onResolve({ filter: /^#cli\/commands\/[a-z-]+\.ts$/ }, (args) => ({
      path: `./commands/${args.path.slice('#cli/commands/'.length, -3)}.cjs`,
      external: true,
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
const entry = 'dist/eks-sg-advisor.cjs';
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: entry,
  banner: { js: '#!/usr/bin/env node' },
  // `import()` would go through Node's ESM loader, which parses the whole bundle for its exports
  // (about 15 ms of startup); as `require()` it does not.
  supported: { 'dynamic-import': false },
  plugins: [commandsApart],
});
await build({
  ...common,
  entryPoints: ['src/cli/scan-worker.ts'],
  outfile: 'dist/scan-worker.cjs',
});
const commands = readdirSync('src/cli/commands').filter((f) => f.endsWith('.ts'));
await build({
  ...common,
  entryPoints: commands.map((f) => `src/cli/commands/${f}`),
  outdir: 'dist/commands',
  outExtension: { '.js': '.cjs' },
});
chmodSync(entry, 0o755);
