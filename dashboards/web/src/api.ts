/** Types mirrored from the server's wire formats (services/dashboard, @vakt/schema). */
export interface Span {
  start: number;
  end: number;
  contribution: number;
  rules: string[];
}
export type Label = 'negative' | 'neutral' | 'positive';
/** An analyst's correction of a mention's label (`POST /api/corrections`); the model's stays in `sentiment`. */
export interface Correction {
  label: Label;
  correctedBy: string;
  correctedAt: string;
}
export interface Mention {
  id: string;
  source: string;
  text: string;
  url?: string;
  created_at: string;
  lang?: string;
  correction?: Correction;
  author?: { handle?: string; name?: string; followers?: number };
  engagement?: { reposts?: number; replies?: number; likes?: number; quotes?: number };
  matches: { watch: string; entities: string[] }[];
  sentiment: { label: Label; score: number; lang: string; explanation: Span[]; disagreement: boolean };
}
export interface AlertMention {
  id: string;
  source: string;
  url?: string;
  text: string;
  author?: string;
  reach: number;
  label: string;
  score: number;
  explanation: Span[];
}
export interface Alert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  startsAt: string;
  endsAt?: string;
  updatedAt: string;
  labels: { alertname: string; watch: string; series: string; severity: 'info' | 'warning' | 'critical' };
  /** `summary`/`description` in the alerter's configured language; `summary_sv`, `description_en`, … in each one. */
  annotations: { summary: string; description?: string; [key: string]: string | undefined };
  evidence: {
    window: string;
    observed: number;
    expected: number;
    score: number;
    topMentions: AlertMention[];
    surgingTerms: { term: string; weight: number }[];
  };
  generatorURL: string;
}
export interface AlertState {
  alert: Alert;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  silencedUntil?: string;
  resolvedBy?: string;
}
export interface AlertAction {
  action: string;
  by: string;
  at: string;
  comment?: string;
  until?: string;
}
export interface Watch {
  id: string;
  name: string;
  query: string;
  entities: { name: string; kind: 'service' | 'touchpoint' | 'person'; query: string }[];
  owners: string[];
  routes: string[];
  retentionDays: number;
  updatedAt?: string;
  updatedBy?: string;
  /** `file`: from the watches file, read-only in the dashboard. */
  managedBy?: 'file';
}
export interface TimelinePoint {
  t: number;
  total: number;
  negative: number;
  neutral: number;
  positive: number;
  avgScore: number;
}
export interface Me {
  user: { id: string; username: string; role: 'viewer' | 'editor' | 'admin' };
  csrfToken?: string;
}
export interface LiveBatch {
  watch: string;
  mentions: Mention[];
  dropped: number;
  counts: { negative: number; neutral: number; positive: number };
  alerts: Alert[];
  sentAt: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrf: string | undefined;
export const setCsrf = (token: string | undefined): void => void (csrf = token);

/** JSON fetch against the same origin; state-changing calls carry the CSRF header. A 401 sends the user to login. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: method === 'GET' ? undefined : JSON.stringify(init.body ?? {}),
  });
  if (res.status === 401 && path !== '/api/login') {
    location.assign('/login');
    throw new ApiError(401, 'VAKT_UNAUTHORIZED', 'not logged in');
  }
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok)
    throw new ApiError(res.status, body.error?.code ?? 'VAKT_INTERNAL', body.error?.message ?? res.statusText);
  return body as T;
}

export const qs = (params: Record<string, string | number | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
