import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layering rule: apps (entry points) → services (wiring) → packages (logic). An arrow may point down, never up,
 * and services never lean on one another: each is wired by an app. Checked from the declared dependencies and from
 * every `@vakt/…` specifier in the code, so an undeclared import that pnpm's hoisting would let through counts too.
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

type Layer = 'package' | 'service' | 'app';
const RANK: Record<Layer, number> = { package: 0, service: 1, app: 2 };
/** Folders whose workspace packages belong to a layer; test/ holds test harnesses, which may use anything. */
const LAYER_OF_FOLDER: Record<string, Layer> = {
  packages: 'package',
  dashboards: 'package',
  services: 'service',
  apps: 'app',
};

interface Unit {
  name: string;
  dir: string;
  layer: Layer;
  declared: string[];
  imported: string[];
}

/** One arrow that breaks the rule, as a sentence naming both ends. */
function upwardArrows(units: readonly Unit[]): string[] {
  const layerOf = new Map(units.map((u) => [u.name, u.layer]));
  const out: string[] = [];
  for (const u of units) {
    const targets = new Map<string, string>();
    for (const d of u.declared) targets.set(d, 'depends on');
    for (const i of u.imported) if (!targets.has(i)) targets.set(i, 'imports');
    for (const [target, how] of targets) {
      const layer = layerOf.get(target);
      if (layer === undefined || target === u.name) continue;
      if (RANK[layer] > RANK[u.layer]) out.push(`${u.name} (${u.layer}) ${how} ${target} (${layer})`);
      else if (layer === 'service' && u.layer === 'service')
        out.push(`${u.name} (service) ${how} ${target} (service): services are wired by an app, not by each other`);
    }
  }
  return out.sort();
}

const CODE = /\.(ts|mts|tsx|js|mjs)$/;
const SPECIFIER = /(?:from\s+|import\s*\(\s*|vi\.mock\(\s*)['"](@vakt\/[a-z0-9-]+)/g;

function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...codeFiles(path));
    else if (CODE.test(entry)) out.push(path);
  }
  return out;
}

function workspaceUnits(): Unit[] {
  const units: Unit[] = [];
  for (const [folder, layer] of Object.entries(LAYER_OF_FOLDER)) {
    let names: string[];
    try {
      names = readdirSync(join(ROOT, folder));
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = join(ROOT, folder, name);
      let pkg: { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
      try {
        pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) =>
        d.startsWith('@vakt/'),
      );
      const imported = new Set<string>();
      for (const file of codeFiles(dir))
        for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) imported.add(m[1]!);
      units.push({ name: pkg.name, dir: relative(ROOT, dir), layer, declared, imported: [...imported] });
    }
  }
  return units;
}

describe('no arrow points up: apps → services → packages', () => {
  it('finds every workspace package in a layer, the vakt CLI among the apps', () => {
    const units = workspaceUnits();
    expect(units.filter((u) => u.layer === 'app').map((u) => u.name)).toContain('@vakt/cli');
    expect(
      units
        .filter((u) => u.layer === 'service')
        .map((u) => u.name)
        .sort(),
    ).toEqual(['@vakt/alerter', '@vakt/dashboard', '@vakt/ingest', '@vakt/scorer', '@vakt/sink']);
    expect(units.filter((u) => u.layer === 'package').length).toBeGreaterThan(10);
  });

  it('no package depends on or imports a service or an app; no service an app or another service', () => {
    expect(upwardArrows(workspaceUnits())).toEqual([]);
  });

  it('names each kind of upward arrow (the check can fail)', () => {
    const unit = (name: string, layer: Layer, declared: string[] = [], imported: string[] = []): Unit => ({
      name,
      dir: name,
      layer,
      declared,
      imported,
    });
    expect(
      upwardArrows([
        unit('@x/lib', 'package', ['@x/svc']),
        unit('@x/other-lib', 'package', [], ['@x/cli', '@x/lib']),
        unit('@x/svc', 'service', ['@x/lib', '@x/svc2']),
        unit('@x/svc2', 'service', [], ['@x/cli']),
        unit('@x/cli', 'app', ['@x/svc', '@x/lib']),
      ]),
    ).toEqual([
      '@x/lib (package) depends on @x/svc (service)',
      '@x/other-lib (package) imports @x/cli (app)',
      '@x/svc (service) depends on @x/svc2 (service): services are wired by an app, not by each other',
      '@x/svc2 (service) imports @x/cli (app)',
    ]);
  });
});
