// The workspace's package graph as a Mermaid flowchart, from each package.json's `dependencies` (and, with --dev,
// `devDependencies` as dotted edges). Reads the working tree, or a commit with --rev, so a before/after pair comes
// from one script:
//   node scripts/package-graph.mjs                 # the working tree
//   node scripts/package-graph.mjs --rev e370dd3   # the package.json files of that commit
// Packages are grouped by their top folder (apps, services, packages, ...); only workspace (`@vakt/*`) edges are drawn.
// A line after the graph counts packages, edges and the packages with the most direct workspace dependencies.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rev: { type: 'string' }, dev: { type: 'boolean', default: false } } });
const root = new URL('..', import.meta.url).pathname;

/** Every workspace package.json (path relative to the root → parsed), at `rev` or in the working tree. */
function manifests(rev) {
  const git = (...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const paths = rev
    ? git('ls-tree', '-r', '--name-only', rev)
        .split('\n')
        .filter((p) => /^[^/]+\/([^/]+\/)?package\.json$/.test(p) && p !== 'package.json')
    : ['apps', 'packages', 'services', 'dashboards', 'test'].flatMap((top) => {
        const dir = join(root, top);
        if (!existsSync(dir)) return [];
        const own = existsSync(join(dir, 'package.json')) ? [`${top}/package.json`] : [];
        const nested = readdirSync(dir, { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
          .map((d) => `${top}/${d.name}/package.json`);
        return [...own, ...nested];
      });
  return paths.map((p) => ({
    path: p,
    json: JSON.parse(rev ? git('show', `${rev}:${p}`) : readFileSync(join(root, p), 'utf8')),
  }));
}

const pkgs = manifests(values.rev).filter((m) => m.json.name);
const names = new Set(pkgs.map((m) => m.json.name));
const id = (name) => name.replace(/^@vakt\//, '').replace(/[^a-zA-Z0-9]/g, '_');
const label = (name) => name.replace(/^@vakt\//, '');

const groups = new Map();
for (const m of pkgs) {
  const top = m.path.split('/')[0];
  groups.set(top, [...(groups.get(top) ?? []), m.json.name]);
}

const lines = ['```mermaid', 'flowchart LR'];
for (const [top, members] of groups) {
  lines.push(`  subgraph ${top}`);
  for (const n of members.sort()) lines.push(`    ${id(n)}[${label(n)}]`);
  lines.push('  end');
}
let edges = 0;
const fanOut = [];
for (const m of [...pkgs].sort((a, b) => a.json.name.localeCompare(b.json.name))) {
  const runtime = Object.keys(m.json.dependencies ?? {}).filter((d) => names.has(d));
  const dev = values.dev ? Object.keys(m.json.devDependencies ?? {}).filter((d) => names.has(d)) : [];
  for (const d of runtime.sort()) lines.push(`  ${id(m.json.name)} --> ${id(d)}`);
  for (const d of dev.sort()) lines.push(`  ${id(m.json.name)} -.-> ${id(d)}`);
  edges += runtime.length + dev.length;
  fanOut.push([label(m.json.name), runtime.length]);
}
lines.push('```');
// Layering: packages (logic) may not depend on services or apps, services not on apps.
const rank = { packages: 0, services: 1, apps: 2 };
const topOf = new Map(pkgs.map((m) => [m.json.name, m.path.split('/')[0]]));
const upward = pkgs.flatMap((m) =>
  Object.keys(m.json.dependencies ?? {})
    .filter((d) => rank[topOf.get(d)] > (rank[topOf.get(m.json.name)] ?? Infinity))
    .map((d) => `${label(m.json.name)} → ${label(d)}`),
);
const most = fanOut
  .sort((a, b) => b[1] - a[1])
  .slice(0, 3)
  .map(([n, k]) => `${n} ${k}`)
  .join(', ');
lines.push(
  '',
  `${pkgs.length} packages, ${edges} ${values.dev ? 'dependency and devDependency' : 'dependency'} edges between them; most direct workspace dependencies: ${most}.`,
);
lines.push(
  '',
  `Upward dependencies (a package on a service or an app, a service on an app): ${upward.join(', ') || 'none'}.`,
);
console.log(lines.join('\n'));
