import { h } from './dom.js';

export interface Span {
  start: number;
  end: number;
  contribution: number;
  rules: string[];
}

export type Segment =
  | { kind: 'plain'; text: string }
  | { kind: 'span'; text: string; contribution: number; rules: string[] }
  | { kind: 'control'; code: string };

// Bidirectional formatting characters (Unicode TR9 §2): they can make text display in another order than it is
// stored ("Trojan Source", CVE-2021-42574). Shown as visible code points instead of being obeyed.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

function splitControls(text: string, wrap: (t: string) => Segment): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(BIDI)) {
    if (m.index > last) out.push(wrap(text.slice(last, m.index)));
    out.push({ kind: 'control', code: `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` });
    last = m.index + 1;
  }
  if (last < text.length) out.push(wrap(text.slice(last)));
  return out;
}

/**
 * Cuts `text` into plain and highlighted segments by the engine's explanation spans (UTF-16 offsets, as JS strings
 * index). Spans that are out of range, empty or overlap an earlier one are ignored rather than trusted.
 */
export function segments(text: string, spans: readonly Span[]): Segment[] {
  const sorted = [...spans]
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end))
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let pos = 0;
  for (const sp of sorted) {
    const start = Math.max(sp.start, 0);
    const end = Math.min(sp.end, text.length);
    if (start < pos || end <= start) continue;
    if (start > pos) out.push(...splitControls(text.slice(pos, start), (t) => ({ kind: 'plain', text: t })));
    out.push(
      ...splitControls(text.slice(start, end), (t) => ({
        kind: 'span',
        text: t,
        contribution: sp.contribution,
        rules: sp.rules,
      })),
    );
    pos = end;
  }
  if (pos < text.length) out.push(...splitControls(text.slice(pos), (t) => ({ kind: 'plain', text: t })));
  return out;
}

/** Pushes smaller than this (polarity, logits) are shown as context, neither red nor green. */
export const MIN_VISIBLE_PUSH = 0.05;

/**
 * The CSS classes of a highlighted span. The colour follows the span's push on the FINAL verdict (the engine's
 * explanation, `contribution` < 0 = toward negative), never the lexicon's reading alone: a red word always pushed the
 * shown label toward negative. Rules (negation, contrast, intensifier) add an underline, not a colour.
 */
export function spanClass(contribution: number, rules: readonly string[]): string {
  const tone = contribution <= -MIN_VISIBLE_PUSH ? 'minus' : contribution >= MIN_VISIBLE_PUSH ? 'plus' : 'zero';
  const rule = rules.some((r) => /negat/.test(r))
    ? ' negation'
    : rules.some((r) => /contrast|dock|however/.test(r))
      ? ' contrast'
      : rules.some((r) => /intens|boost|damp/.test(r))
        ? ' intens'
        : '';
  return `hl ${tone}${rule}`;
}

/** Renders mention text with highlighted explanation spans using text nodes only. */
export function renderText(text: string, spans: readonly Span[], controlTitle: string): HTMLElement {
  // dir=auto + unicode-bidi: isolate (CSS) keeps right-to-left text from reordering the surrounding UI.
  const p = h('p', { class: 'text', dir: 'auto' });
  for (const seg of segments(text, spans)) {
    if (seg.kind === 'plain') p.appendChild(document.createTextNode(seg.text));
    else if (seg.kind === 'control') p.appendChild(h('span', { class: 'ctl', title: controlTitle }, `⟨${seg.code}⟩`));
    else {
      p.appendChild(
        h(
          'mark',
          {
            class: spanClass(seg.contribution, seg.rules),
            title: `${seg.rules.join(', ')} (${seg.contribution >= 0 ? '+' : ''}${seg.contribution.toFixed(2)})`,
          },
          seg.text,
        ),
      );
    }
  }
  return p;
}
