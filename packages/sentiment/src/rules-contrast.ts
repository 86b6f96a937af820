import type { PhenomenonCues } from './lang-pack.js';
import { Role, type Sentence, type Work } from './prepare.js';
import { bearsSentiment, isWord } from './rules-scope.js';

/** VADER's "but" weights: the clause before a contrast counts half, the one after it half again. */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
/** Before a contrast that turns a state placed at the start ("at first", "i början"): reversed, weaker than stated. */
const TURNED = -0.75;

/**
 * Where the clause of a contrast adverb starts: after the last comma before it in its sentence ("Trevligt bemötande,
 * dock fick jag inget svar"), else at the sentence start. An adverb that ends its sentence ("It does not work,
 * however.") belongs to the whole sentence.
 */
function clauseStart(ws: Work[], i: number): number {
  const sentence = ws[i]!.sentence;
  let last = true;
  for (let k = i + 1; k < ws.length && ws[k]!.sentence === sentence; k++)
    if (isWord(ws[k]!)) {
      last = false;
      break;
    }
  let at = i;
  while (at > 0 && ws[at - 1]!.sentence === sentence) {
    if (!last && ws[at - 1]!.kind === 'punct') break;
    at--;
  }
  return at;
}

/** VADER's "but" rule: before the first contrast word ×0.5, after it ×1.5. "dock" makes its own sentence the contrast. */
export function applyContrast(ws: Work[]): void {
  let at = -1;
  let word = '';
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w.role === Role.Contrast && !notOnlyBefore(ws, i)) {
      at = i;
      word = w.text;
      break;
    }
    if (w.role === Role.ContrastAdverb) {
      word = w.text;
      at = clauseStart(ws, i) - 1;
      break;
    }
  }
  if (at < 0 && word === '') return;
  const turn = turnBefore(ws, at);
  resolvedAfter(ws, at);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (!bearsSentiment(w) || i === at) continue;
    if (i < at && turn) {
      w.scalar *= TURNED;
      w.rules.push(`contrast after "${word}" turns what was so "${turn.text}"`);
    } else if (i < at) {
      w.scalar *= BEFORE_CONTRAST;
      w.rules.push(`before contrast "${word}"`);
    } else {
      w.scalar *= AFTER_CONTRAST;
      w.rules.push(`contrast after "${word}"`);
    }
  }
}

/**
 * "Lite trögt i början, men de löste allt", "Slow at first, but they sorted it": a word placing the state at the start
 * before the contrast, and no sentiment word after it. The contrast then says the state changed, so what came before
 * counts reversed. Without the time word a contrast with nothing after it is read as usual: in posts the clause before
 * "but" mostly still holds ("Good night but tomorrow is school").
 */
function turnBefore(ws: Work[], at: number): Work | undefined {
  // Most contrasts have a sentiment word after them: check that first, it needs no lookup.
  for (let i = at + 1; i < ws.length; i++) if (bearsSentiment(ws[i]!)) return undefined;
  for (let i = 0; i < at; i++) {
    const w = ws[i]!;
    const initially = w.pack?.cues.initially;
    if (!initially || !lastWordsOf(initially).has(w.norm)) continue;
    if (initially.has(w.norm) || initially.has(`${ws[i - 1]?.norm} ${w.norm}`)) return w;
  }
  return undefined;
}

/** What a contrast clause that says the matter came right is worth ("…, but they sorted it in the end"). */
const RESOLVED = 1.6;

/**
 * "Slow start, but the adviser sorted everything", "Krångligt, men till slut fick jag beslutet": a contrast clause with
 * no sentiment word (a negator counts as one) and a repair participle (`cues.repairedAfter`) or a word of coming
 * right in the end (`cues.eventually`). That word carries the clause's verdict, a mild positive the contrast weights as
 * usual. Without it a clause with no sentiment word stays silent ("Bra info, men jag har en fråga").
 */
function resolvedAfter(ws: Work[], at: number): void {
  let marker: Work | undefined;
  // The last words of the pack's entries, looked up once per pack rather than once per word.
  let endingsOf: PhenomenonCues | undefined;
  let endings: ReadonlySet<string> | undefined;
  for (let i = at + 1; i < ws.length; i++) {
    const w = ws[i]!;
    if (bearsSentiment(w) || w.role === Role.Negator) return;
    const cues = w.pack?.cues;
    if (marker || !cues || w.consumed) continue;
    if (cues !== endingsOf) {
      endingsOf = cues;
      endings = lastWordsOf(cues.eventually);
    }
    const ends = endings!.has(w.norm) && endsEntry(ws, i, cues.eventually);
    if (ends || cues.repairedAfter.has(w.norm)) marker = w;
  }
  if (!marker) return;
  marker.base = RESOLVED;
  marker.scalar = 1;
  marker.rules.push(`resolved after a contrast ("${marker.text}")`);
}

/** Whether the one to three words ending at `i` make an entry of `entries` ("eventually", "till slut", "in the end"). */
function endsEntry(ws: Work[], i: number, entries: ReadonlySet<string>): boolean {
  let key = ws[i]!.norm;
  for (let k = i; k >= 0 && k > i - 3; k--) {
    if (k < i) key = `${ws[k]!.norm} ${key}`;
    if (entries.has(key)) return true;
  }
  return false;
}

const lastWords = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
/** The last words of a set of one- and two-word entries ("first" of "at first"), so most words need one lookup. */
function lastWordsOf(entries: ReadonlySet<string>): ReadonlySet<string> {
  let last = lastWords.get(entries);
  if (!last) {
    last = new Set([...entries].map((e) => e.slice(e.lastIndexOf(' ') + 1)));
    lastWords.set(entries, last);
  }
  return last;
}

/** "inte bara … men också", "not only … but": the "but" adds, it does not contrast. */
function notOnlyBefore(ws: Work[], i: number): boolean {
  for (let k = i - 1; k > 0 && ws[k]!.sentence === ws[i]!.sentence; k--) {
    const t = ws[k]!;
    if (t.pack?.notOnly.has(t.norm) && ws[k - 1]!.role === Role.Negator) return true;
  }
  return false;
}

/** A concession that opens a sentence: the concessive word, where its clause starts, and the comma that ends it. */
export interface Concession {
  word: string;
  start: number;
  comma: number;
}

const twoWordLeads = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
/** The first words of the two-word concessives ("even" of "even though"), so most openers need one lookup. */
function leadsOf(concessives: ReadonlySet<string>): ReadonlySet<string> {
  let leads = twoWordLeads.get(concessives);
  if (!leads) {
    leads = new Set([...concessives].filter((c) => c.includes(' ')).map((c) => c.split(' ')[0]!));
    twoWordLeads.set(concessives, leads);
  }
  return leads;
}

/**
 * "Although the staff were kind, the wait was awful": a concessive word opening a sentence, then a comma in that
 * sentence with words after it. The first such sentence, unless a "but"/"however" stands in it after the concessive
 * word (then VADER's contrast rule decides). Only the first word of each sentence is looked up.
 */
export function concessionIn(ws: Work[], sentences: Sentence[]): Concession | undefined {
  for (const s of sentences) {
    let f = s.first;
    while (f < ws.length && ws[f]!.sentence === ws[s.first]!.sentence && !isWord(ws[f]!)) f++;
    const w = ws[f];
    const cues = w?.pack?.cues;
    if (!w || !cues || w.sentence !== ws[s.first]!.sentence) continue;
    let word = '';
    if (cues.concessives.has(w.norm)) word = w.text;
    else if (leadsOf(cues.concessives).has(w.norm) && cues.concessives.has(`${w.norm} ${ws[f + 1]?.norm ?? ''}`))
      word = `${w.text} ${ws[f + 1]!.text}`;
    if (!word) continue;
    for (let k = f + 1; k + 1 < ws.length && ws[k]!.sentence === w.sentence; k++) {
      const t = ws[k]!;
      if (t.role === Role.Contrast || (t.role === Role.ContrastAdverb && k > f + 1)) return undefined;
      if (t.kind === 'punct' && t.text.startsWith(',') && isWord(ws[k + 1]!)) return { word, start: f, comma: k };
    }
  }
  return undefined;
}

/**
 * The concession gives way to the main clause: its words count half (`concession "Although"`), the main clause's and
 * everything after it half again (`contrast after "Although"`, the contrast family). Earlier sentences keep their
 * weight.
 */
export function applyConcession(ws: Work[], c: Concession): void {
  for (let i = c.start; i < ws.length; i++) {
    const w = ws[i]!;
    if (!bearsSentiment(w)) continue;
    if (i < c.comma) {
      w.scalar *= BEFORE_CONTRAST;
      w.rules.push(`concession "${c.word}"`);
    } else {
      w.scalar *= AFTER_CONTRAST;
      w.rules.push(`contrast after "${c.word}"`);
    }
  }
}
