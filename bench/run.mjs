// `npm run bench`: bundles every bench/*.bench.ts with esbuild, runs each in its own Node process
// (so memory figures are not shared), and ends with one line per figure:
//   bench <name> <ratio> <target>
// With --readme, also rewrites the benchmark table in README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const updateReadme = process.argv.includes('--readme');
const outdir = 'bench/.data/build';
mkdirSync(outdir, { recursive: true });

const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const figures = [];
let failed = false;
for (const file of benches) {
  const name = file.replace(/\.bench\.ts$/, '');
  const entry = join(outdir, `${name}.entry.ts`);
  writeFileSync(
    entry,
    `import { run } from '../../${name}.bench.ts';\nrun().then((fs) => { for (const f of fs) console.log('FIGURE ' + JSON.stringify(f)); }, (e) => { console.error(e); process.exit(1); });\n`,
  );
  const outfile = join(outdir, `${name}.cjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  process.stderr.write(`bench: running ${name}...\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', outfile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) {
    failed = true;
    process.stderr.write(`bench: ${name} failed with exit code ${result.status}\n`);
    continue;
  }
  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('FIGURE ')) figures.push(JSON.parse(line.slice(7)));
    else if (line.trim()) process.stdout.write(`${line}\n`);
  }
}

const table = [
  '| figure | ratio | target | notes |',
  '|---|---|---|---|',
  ...figures.map(
    (f) =>
      `| \`${f.name}\` | ${f.ratio.toFixed(3)} | ${f.target} | ${(f.extra ?? []).join('; ')} |`,
  ),
].join('\n');
process.stdout.write(`\n${table}\n\n`);

if (updateReadme) {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('<!-- bench:start -->');
  const end = readme.indexOf('<!-- bench:end -->');
  if (start !== -1 && end > start) {
    writeFileSync(
      'README.md',
      `${readme.slice(0, start)}<!-- bench:start -->\n${table}\n${readme.slice(end)}`,
    );
    // The project's formatter aligns Markdown tables: keep the README as it would write it.
    spawnSync('npx', ['biome', 'format', '--write', 'README.md'], { stdio: 'ignore' });
  }
}

for (const f of figures)
  process.stdout.write(`bench ${f.name} ${f.ratio.toFixed(3)} ${f.target}\n`);
process.exit(failed ? 1 : 0);
