import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { fmtNumber, fmtTime, getLang } from '../i18n.js';
import { errorNote, section } from './parts.js';

interface TargetHealth {
  target: string;
  lastSuccessAt: string | null;
  delivered: number;
  lastError: { code: string; message: string; at: string } | null;
  failing: boolean;
}
interface SourceHealth {
  connector: string;
  targets: TargetHealth[];
}

// The section's own strings, so the shared dictionary stays as it is; same sv/en switch.
const words = {
  sv: {
    title: 'Källor',
    connector: 'Koppling',
    target: 'Flöde / instans',
    lastOk: 'Senast hämtat',
    delivered: 'Levererade',
    lastError: 'Senaste fel',
    never: 'aldrig',
    failing: 'fel',
    ok: 'ok',
    none: 'Inga källkopplingar körs (bara POST /v1/mentions).',
    unknown: 'Den här instrumentpanelen ser inte ingest-tjänstens kopplingar (sätt VAKT_INGEST_URL).',
  },
  en: {
    title: 'Sources',
    connector: 'Connector',
    target: 'Feed / instance',
    lastOk: 'Last fetched',
    delivered: 'Delivered',
    lastError: 'Last error',
    never: 'never',
    failing: 'failing',
    ok: 'ok',
    none: 'No source connectors run (only POST /v1/mentions).',
    unknown: "This dashboard cannot see the ingest service's connectors (set VAKT_INGEST_URL).",
  },
} as const;

/** Source connector health, per feed/instance/query (admin page); refreshed every 15 s while shown. */
export function sourcesSection(): { el: HTMLElement; stop(): void } {
  const w = words[getLang()];
  const body = h('tbody', {});
  const note = h('div', { role: 'status' });
  async function load(): Promise<void> {
    try {
      const r = await api<{ running: boolean; sources: SourceHealth[] }>('/api/sources');
      const rows = r.sources.flatMap((s) =>
        s.targets.map((x) =>
          h(
            'tr',
            { class: x.failing ? 'failing' : '' },
            h('td', {}, s.connector),
            h('td', {}, h('bdi', {}, x.target)),
            h('td', {}, x.failing ? w.failing : x.lastSuccessAt ? w.ok : '—'),
            h('td', {}, x.lastSuccessAt ? fmtTime(x.lastSuccessAt) : w.never),
            h('td', {}, fmtNumber(x.delivered)),
            h('td', {}, x.lastError ? `${fmtTime(x.lastError.at)} ${x.lastError.code}: ${x.lastError.message}` : ''),
          ),
        ),
      );
      replace(body, ...rows);
      replace(note, rows.length ? '' : h('p', {}, r.running ? w.none : w.unknown));
    } catch (e) {
      replace(note, errorNote(e));
    }
  }
  void load();
  const timer = setInterval(() => void load(), 15_000);
  const head = [w.connector, w.target, '', w.lastOk, w.delivered, w.lastError].map((x) => h('th', {}, x));
  return {
    el: section(w.title, note, h('table', {}, h('thead', {}, h('tr', {}, ...head)), body)),
    stop: () => clearInterval(timer),
  };
}
