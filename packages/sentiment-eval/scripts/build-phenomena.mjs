// Builds data/phenomena-sv.jsonl and data/phenomena-en.jsonl (one file per language, as the eval's sets are) from data/phenomena-cases.txt (format described at the top of that file).
//
// Split: the held-out part is chosen by a hash of the case's plain twin (lower-cased, whitespace collapsed), so a
// named case and its plain twin always land together and the choice never depends on who wrote which case:
// sha256(key)[0] < 77 (about 30 %) → split "dev" (held out: reported by `pnpm eval`, never read when writing
// rules); otherwise split "train" (the development part the rules were written from).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const LABELS = { '+': 'positive', '-': 'negative', 0: 'neutral' };
export const HELD_OUT_BELOW = 77;

/** Parses the cases file into rows (without writing anything). Throws with the line number on a malformed line. */
export function buildRows(source) {
  const rows = [];
  let phenomenon;
  let lang;
  let n = 0;
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('@')) {
      [phenomenon, lang] = line.slice(1).split(/\s+/);
      if (!phenomenon || !['sv', 'en'].includes(lang)) throw new Error(`line ${i + 1}: expected "@<phenomenon> sv|en"`);
      n = 0;
      continue;
    }
    const bar = line.indexOf('|');
    const label = LABELS[line.slice(0, bar)];
    if (bar < 0 || !label || !phenomenon) throw new Error(`line ${i + 1}: expected "<+|-|0>|<text>" inside a block`);
    const body = line.slice(bar + 1);
    const named = twin(body, 0);
    const plain = twin(body, 1);
    const key = plain.text.toLowerCase().replace(/\s+/g, ' ');
    const split = createHash('sha256').update(key).digest()[0] < HELD_OUT_BELOW ? 'dev' : 'train';
    const id = `ph-${lang}-${phenomenon}-${String(++n).padStart(2, '0')}`;
    const base = { lang, label, split, phenomenon };
    if (named.mask.length === 0) rows.push({ id, text: plain.text, ...base });
    else {
      rows.push({ id: `${id}-named`, text: named.text, ...base, mask: named.mask, twin: `${id}-plain` });
      rows.push({ id: `${id}-plain`, text: plain.text, ...base, twin: `${id}-named` });
    }
  }
  return rows;
}

/** Expands "{Name|generic}": side 0 keeps the names (and records their spans), side 1 the generic words. */
function twin(body, side) {
  let text = '';
  const mask = [];
  let at = 0;
  for (const m of body.matchAll(/\{([^|{}]+)\|([^|{}]*)\}/g)) {
    text += body.slice(at, m.index);
    const part = side === 0 ? m[1] : m[2];
    if (side === 0) mask.push([text.length, text.length + part.length]);
    text += part;
    at = m.index + m[0].length;
  }
  text += body.slice(at);
  return { text, mask };
}

const LICENCE = {
  licence:
    "Own work of the Vakt project, written for this repository and under the repository's licence; no third-party text.",
  about:
    'Phenomena cases (built from phenomena-cases.txt by scripts/build-phenomena.mjs). split "train" = development part, "dev" = held out.',
};

/** The file's text: the licence line, then one row per line. */
export function renderJsonl(rows) {
  return [LICENCE, ...rows].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = new URL('../data/', import.meta.url);
  const rows = buildRows(readFileSync(new URL('phenomena-cases.txt', dir), 'utf8'));
  for (const lang of ['sv', 'en']) {
    const mine = rows.filter((r) => r.lang === lang);
    writeFileSync(new URL(`phenomena-${lang}.jsonl`, dir), renderJsonl(mine));
    const held = mine.filter((r) => r.split === 'dev').length;
    console.log(`phenomena-${lang}.jsonl: ${mine.length} rows (${mine.length - held} development, ${held} held out)`);
  }
}
