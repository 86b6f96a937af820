import { api, type Label, type Mention } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { errorNote } from './parts.js';

const LABELS: Label[] = ['negative', 'neutral', 'positive'];

/** The label the dashboard shows: an analyst's correction wins over the model's verdict. */
export const shownLabel = (m: Mention): Label => m.correction?.label ?? m.sentiment.label;

/** Sends a correction; resolves with the mention as it should now be shown. Rejects with the API's error. */
export type Corrector = (m: Mention, label: Label) => Promise<Mention>;

/** A corrector posting to `POST /api/corrections` for the mention's watch (the listed one, else its first match). */
export function apiCorrector(watch: string | undefined): Corrector {
  return async (m, label) => {
    const body = { watch: watch ?? m.matches[0]?.watch, source: m.source, id: m.id, label };
    const { correction } = await api<{ correction: { label: Label; correctedBy: string; correctedAt: string } }>(
      '/api/corrections',
      { method: 'POST', body },
    );
    return {
      ...m,
      correction: { label: correction.label, correctedBy: correction.correctedBy, correctedAt: correction.correctedAt },
    };
  };
}

/**
 * The per-mention control: a select of the three labels set to the shown one. Choosing another sends the correction;
 * `done` gets the updated mention to re-render with. On failure the select goes back and the error is shown in the card.
 */
export function correctionControl(m: Mention, correct: Corrector, done: (updated: Mention) => void): HTMLElement {
  const select = h(
    'select',
    { name: 'correct', 'aria-label': t('correctLabel'), title: t('correctLabel') },
    ...LABELS.map((l) => h('option', { value: l, selected: l === shownLabel(m) }, t(l))),
  );
  const wrap = h('label', { class: 'correct' }, h('span', {}, t('correctLabel')), select);
  select.addEventListener('change', () => {
    const label = select.value as Label;
    select.disabled = true;
    correct(m, label).then(done, (e: unknown) => {
      select.value = shownLabel(m);
      select.disabled = false;
      wrap.closest('article')?.append(errorNote(e));
    });
  });
  return wrap;
}
