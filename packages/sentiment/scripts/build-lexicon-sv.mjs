// Derives data/sentimentlex-sv.json from Språkbanken's sentimentlex (CC BY; see ../NOTICE.md).
//
// The source lists lemmas only, so this script adds the inflected forms Swedish posts actually use
// (trevlig → trevligt/trevliga/trevligare/trevligast…, älska → älskar/älskade…, katastrof → katastrofen…).
// Strength -4..4 is kept on VADER's scale, weighted a little by the annotators' confidence, so Swedish and
// English valences are comparable. Run: `node scripts/build-lexicon-sv.mjs [path/to/sentimentlex.csv]`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const src = process.argv[2] ?? resolve(here, '../../../../shared/data/sentiment/sentimentlex-sv/sentimentlex.csv');

/** Minimal RFC 4180 parser: quoted fields may hold commas and doubled quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [],
    field = '',
    q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') q = false;
      else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function adjectiveForms(l) {
  if (/[ae]$/.test(l) || l === 'bra') return [l];
  if (l.endsWith('en'))
    return [
      l,
      l.slice(0, -1) + 't',
      l.slice(0, -2) + 'na',
      l.slice(0, -2) + 'nare',
      l.slice(0, -2) + 'nast',
      l.slice(0, -2) + 'naste',
    ];
  if (/[^aeiouyåäö](el|er)$/.test(l)) {
    const s = l.slice(0, -2) + l.slice(-1);
    return [l, l + 't', s + 'a', s + 'e', s + 'are', s + 'ast', s + 'aste'];
  }
  if (/[aeiouyåäö]d$/.test(l)) return [l, l.slice(0, -1) + 'tt', l + 'a', l + 'e', l + 'are', l + 'ast', l + 'aste'];
  if (l.endsWith('ad')) return [l, l.slice(0, -1) + 't', l + 'e', l + 'a'];
  if (/[^aeiouyåäö]d$/.test(l)) return [l, l.slice(0, -1) + 't', l + 'a', l + 'e', l + 'are', l + 'ast', l + 'aste'];
  if (l.endsWith('t')) return [l, l + 'a', l + 'e', l + 'are', l + 'ast', l + 'aste'];
  if (/[iouyåö]$/.test(l)) return [l, l + 'tt', l + 'a', l + 'are', l + 'ast'];
  return [l, l + 't', l + 'a', l + 'e', l + 'are', l + 'ast', l + 'aste'];
}

function verbForms(l) {
  if (!l.endsWith('a')) return [l, l + 'r', l + 'dde', l + 'tt', l + 's', l + 'dd'];
  const s = l.slice(0, -1);
  // Both the -ar and the -er conjugation: the wrong one is mostly a non-word nobody writes, but where it is another
  // word ("städer", cities, from "städa") the lexicon audit zeroes it in SV_EXTRA (the package README).
  return [
    l,
    l + 'r',
    l + 'de',
    l + 't',
    l + 's',
    l + 'd',
    l + 'nde',
    l + 'ndes',
    l + 'de',
    s + 'er',
    s + 'de',
    s + 'te',
    s + 't',
    s + 's',
    s + 'd',
    s + 'da',
    s + 'ande',
  ];
}

function nounForms(l) {
  const forms = [l, l + 's'];
  if (/[ae]$/.test(l))
    forms.push(
      l + 'n',
      l + 'ns',
      l.slice(0, -1) + 'or',
      l.slice(0, -1) + 'orna',
      l.slice(0, -1) + 'ar',
      l.slice(0, -1) + 'arna',
    );
  else forms.push(l + 'en', l + 'et', l + 'ar', l + 'arna', l + 'er', l + 'erna', l + 'ens', l + 'ets');
  return forms;
}

const rows = parseCsv(readFileSync(src, 'utf8'));
const header = rows.shift();
const col = (name) => header.indexOf(name);
const [W, S, P, C] = ['word', 'strength', 'part_of_speech', 'confidence'].map(col);

// Low-confidence entries that are function words, everyday verbs, party names or plainly mislabelled in a
// context-free reading; they fire on most posts and carry no sentiment there. Reviewed by hand.
const STOP = new Set([
  'om',
  'se',
  'lägga',
  'nära',
  'resa',
  'flytta',
  'moderat',
  'allmän',
  'fysisk',
  'rädd',
  'lugn',
  'ljuga',
  'fuska',
  'oseriös',
  'billig',
  'utmattad',
  'absurd',
  'återbetala',
  'bagatellisera',
  'vara med',
  'stoppa',
  'regna',
  'bebodd',
  'samlad',
  'odla',
  'karakterisera',
  'förundra',
  'yr',
  'sjukt',
  'sjuk',
  'fantisera',
  'förhindra',
  'kolonisera',
  'lättrörd',
]);
const words = {};
const phrases = {};
const priority = {}; // 2 = the lemma itself, 1 = a generated form; a lemma always beats a generated form
for (const r of rows) {
  if (r.length < header.length) continue;
  const word = r[W].trim().toLowerCase();
  const strength = Number(r[S]);
  if (!word || !Number.isFinite(strength) || strength === 0) continue;
  if (STOP.has(word)) continue;
  const conf = Number(r[C]);
  // Low-confidence verbs are mostly everyday actions rated in one context ("prata", "sälja", "öka", "tänka"):
  // on posts they fired far more often than they were right (checked on the train splits only).
  if (conf <= 0.25 && r[P].startsWith('vb') && process.env.KEEP_LOW_VERBS !== '1') continue;
  // The polarity column was checked by hand; the strength sign disagrees with it in 19 rows, so the sign comes
  // from polarity. Entries rated with confidence 0.25 are often context-bound ("rädd" pos, "lugn" neg), so they
  // count for less.
  const sign = r[header.indexOf('polarity')] === 'neg' ? -1 : 1;
  const weight = conf <= 0.25 ? 0.55 : conf <= 0.5 ? 0.85 : 1;
  const valence = Math.round(sign * Math.abs(strength) * 0.9 * weight * 100) / 100;
  if (word.includes(' ')) {
    phrases[word] = valence;
    continue;
  }
  const pos = r[P];
  const forms = pos.startsWith('av')
    ? adjectiveForms(word)
    : pos.startsWith('vb')
      ? verbForms(word)
      : pos.startsWith('nn')
        ? nounForms(word)
        : [word];
  forms.forEach((f, i) => {
    const p = i === 0 ? 2 : 1;
    if ((priority[f] ?? 0) < p || ((priority[f] ?? 0) === p && Math.abs(valence) > Math.abs(words[f]))) {
      words[f] = valence;
      priority[f] = p;
    }
  });
}

const out = {
  source: 'Språkbanken sentimentlex (Nusko, Tahmasebi, Mogren 2016), CC BY; inflected forms generated by Vakt',
  words,
  phrases,
};
writeFileSync(resolve(here, '../data/sentimentlex-sv.json'), JSON.stringify(out) + '\n');
console.log(`wrote ${Object.keys(words).length} forms and ${Object.keys(phrases).length} phrases`);
