/** UI strings in Swedish and English. Keys are English-ish identifiers; every key exists in both languages. */
const sv = {
  username: 'Användarnamn', password: 'Lösenord', login: 'Logga in', logout: 'Logga ut', wrongLogin: 'Fel användarnamn eller lösenord',
  tooMany: 'För många försök – vänta en minut', overview: 'Översikt', mentions: 'Omnämnanden', alerts: 'Larm', watches: 'Bevakningar',
  admin: 'Administration', language: 'Språk', watch: 'Bevakning', allWatches: 'Alla bevakningar', volume: 'Volym och sentiment',
  negativeShare: 'Andel negativa', total: 'Totalt', negative: 'Negativ', neutral: 'Neutral', positive: 'Positiv',
  minute: 'Minut', hour: 'Timme', day: 'Dag', bySource: 'Per källa', byLang: 'Per språk', byEntity: 'Per tjänst, kontaktyta, person',
  surging: 'Ökande termer', alertFeed: 'Larmflöde', noAlerts: 'Inga larm', newest: 'Senaste', mostReaching: 'Störst räckvidd, negativa',
  reach: 'räckvidd', open: 'Öppna original', live: 'Live', paused: 'Pausad', filter: 'Filter', label: 'Sentiment', source: 'Källa',
  entity: 'Del', any: 'Alla', apply: 'Visa', ack: 'Kvittera', silence: 'Tysta', resolve: 'Lös', acknowledged: 'Kvitterat av',
  silencedUntil: 'Tystat till', resolvedBy: 'Löst av', firing: 'Aktivt', resolved: 'Löst', why: 'Varför', observed: 'Observerat',
  expected: 'Förväntat (baslinje)', window: 'Fönster', topMentions: 'Utmärkande omnämnanden', history: 'Vem gjorde vad och när',
  leadTime: 'Ledtid', comment: 'Kommentar', minutes: 'minuter', name: 'Namn', query: 'Sökfråga', entities: 'Tjänster, kontaktytor, personer',
  owners: 'Ägare', routes: 'Larmvägar', retention: 'Lagring (dagar)', save: 'Spara', remove: 'Ta bort', add: 'Lägg till', newWatch: 'Ny bevakning',
  preview: 'Förhandsvisning', previewCount: 'träffar bland', previewNeg: 'negativa', service: 'Tjänst', touchpoint: 'Kontaktyta', person: 'Person',
  users: 'Användare', tokens: 'API-nycklar', role: 'Roll', create: 'Skapa', tokenOnce: 'Kopiera nyckeln nu – den visas bara en gång:',
  disabled: 'Avstängd', enable: 'Aktivera', disable: 'Stäng av', error: 'Något gick fel', saved: 'Sparat', updated: 'uppdaterad',
  noData: 'Inga data ännu', commaSep: 'kommaseparerade', keys: 'Tangenter: 1–5 vyer, L språk, / första fältet', hours: 'Timmar', thisMinute: 'Denna minut', thisHour: 'Denna timme', thisDay: 'I dag', by: 'av',
  severity: 'Allvarlighet', started: 'Startade', ended: 'Slutade', series: 'Serie', controlChar: 'styrtecken',
  correctLabel: 'Rätta sentiment', corrected: 'Rättad', modelSaid: 'modellen',
  seriesNegativeCount: 'negativa omnämnanden', seriesNegativeShare: 'andel negativa', seriesReachNegativity: 'räckviddsviktad negativitet', seriesVelocity: 'spridningstakt för ett negativt inlägg',
  sevInfo: 'Info', sevWarning: 'Varning', sevCritical: 'Kritiskt',
  actFired: 'Larmet utlöstes', actAck: 'Kvitterat', actSilence: 'Tystat', actResolve: 'Löst', actAutoResolved: 'Löst automatiskt', actBy: 'av',
  per: 'per', vs: 'mot', expectedShort: 'väntat', usually: 'vanligen',
  alertBanner: 'Aktiva larm', moreAlerts: 'fler', status: 'Status', allStatuses: 'Alla', weight: 'vikt',
  mentionsPer: 'Omnämnanden per', shareAxis: 'Andel negativa', mentionsWord: 'omnämnanden', negativeWord: 'negativa',
  uncertain: 'osäker — kontrollera', uncertainWhy: 'Ordlistan och den slutliga bedömningen pekar åt olika håll: läs inlägget och rätta vid behov',
} as const;

export type Key = keyof typeof sv;

const en: Record<Key, string> = {
  username: 'Username', password: 'Password', login: 'Log in', logout: 'Log out', wrongLogin: 'Wrong username or password',
  tooMany: 'Too many attempts – wait a minute', overview: 'Overview', mentions: 'Mentions', alerts: 'Alerts', watches: 'Watches',
  admin: 'Admin', language: 'Language', watch: 'Watch', allWatches: 'All watches', volume: 'Volume and sentiment',
  negativeShare: 'Negative share', total: 'Total', negative: 'Negative', neutral: 'Neutral', positive: 'Positive',
  minute: 'Minute', hour: 'Hour', day: 'Day', bySource: 'By source', byLang: 'By language', byEntity: 'By service, touchpoint, person',
  surging: 'Surging terms', alertFeed: 'Alert feed', noAlerts: 'No alerts', newest: 'Newest', mostReaching: 'Most-reaching negative',
  reach: 'reach', open: 'Open original', live: 'Live', paused: 'Paused', filter: 'Filter', label: 'Sentiment', source: 'Source',
  entity: 'Part', any: 'Any', apply: 'Show', ack: 'Acknowledge', silence: 'Silence', resolve: 'Resolve', acknowledged: 'Acknowledged by',
  silencedUntil: 'Silenced until', resolvedBy: 'Resolved by', firing: 'Firing', resolved: 'Resolved', why: 'Why', observed: 'Observed',
  expected: 'Expected (baseline)', window: 'Window', topMentions: 'Top mentions', history: 'Who did what when',
  leadTime: 'Lead time', comment: 'Comment', minutes: 'minutes', name: 'Name', query: 'Query', entities: 'Services, touchpoints, people',
  owners: 'Owners', routes: 'Alert routes', retention: 'Retention (days)', save: 'Save', remove: 'Delete', add: 'Add', newWatch: 'New watch',
  preview: 'Preview', previewCount: 'matches among', previewNeg: 'negative', service: 'Service', touchpoint: 'Touchpoint', person: 'Person',
  users: 'Users', tokens: 'API tokens', role: 'Role', create: 'Create', tokenOnce: 'Copy the token now – it is shown only once:',
  disabled: 'Disabled', enable: 'Enable', disable: 'Disable', error: 'Something went wrong', saved: 'Saved', updated: 'updated',
  noData: 'No data yet', commaSep: 'comma-separated', keys: 'Keys: 1–5 views, L language, / first field', hours: 'Hours', thisMinute: 'This minute', thisHour: 'This hour', thisDay: 'Today', by: 'by',
  severity: 'Severity', started: 'Started', ended: 'Ended', series: 'Series', controlChar: 'control character',
  correctLabel: 'Correct sentiment', corrected: 'Corrected', modelSaid: 'model',
  seriesNegativeCount: 'negative mentions', seriesNegativeShare: 'negative share', seriesReachNegativity: 'reach-weighted negativity', seriesVelocity: 'engagement velocity of one negative post',
  sevInfo: 'Info', sevWarning: 'Warning', sevCritical: 'Critical',
  actFired: 'Alert fired', actAck: 'Acknowledged', actSilence: 'Silenced', actResolve: 'Resolved', actAutoResolved: 'Resolved automatically', actBy: 'by',
  per: 'per', vs: 'vs', expectedShort: 'expected', usually: 'usually',
  alertBanner: 'Firing alerts', moreAlerts: 'more', status: 'Status', allStatuses: 'All', weight: 'weight',
  mentionsPer: 'Mentions per', shareAxis: 'Negative share', mentionsWord: 'mentions', negativeWord: 'negative',
  uncertain: 'uncertain — check', uncertainWhy: 'The lexicon and the final verdict point different ways: read the post and correct it if needed',
};

export type Lang = 'sv' | 'en';
const dicts: Record<Lang, Record<Key, string>> = { sv, en };

let lang: Lang = (localStorage.getItem('vakt.lang') as Lang | null) ?? (navigator.language.startsWith('sv') ? 'sv' : 'en');
if (lang !== 'sv' && lang !== 'en') lang = 'sv';

export const getLang = (): Lang => lang;
export function setLang(l: Lang): void {
  lang = l;
  localStorage.setItem('vakt.lang', l);
  document.documentElement.lang = l;
}
export const t = (k: Key): string => dicts[lang][k];

export const fmtNumber = (n: number): string => new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB').format(n);
/** A decimal with at most `digits` fraction digits, in the UI's language ("4,2" / "4.2"). */
export const fmtDecimal = (n: number, digits = 1): string =>
  new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: digits }).format(n);

const pad = (n: number): string => String(n).padStart(2, '0');
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * One date format per language, whatever the browser's locale: Swedish "2026-12-06 23:47", English
 * "6 Dec 2026, 23:47" (the day-month order of en-GB with the month as a word, so nobody reads it as US order).
 * Built from parts rather than Intl so every view, the chart's axis included, shows exactly the same thing.
 */
export const fmtTime = (ms: number | string): string => {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return lang === 'sv'
    ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`
    : `${d.getDate()} ${MONTHS_EN[d.getMonth()]} ${d.getFullYear()}, ${hm}`;
};
/** The date only, in the same format ("2026-12-06" / "6 Dec 2026"). */
export const fmtDate = (ms: number | string): string => {
  const d = new Date(ms);
  return lang === 'sv' ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : `${d.getDate()} ${MONTHS_EN[d.getMonth()]} ${d.getFullYear()}`;
};
/** Time of day only ("23:47"), for axis ticks within one day. */
export const fmtClock = (ms: number): string => {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
export const fmtPct = (x: number): string => `${Math.round(x * 100)}${lang === 'sv' ? '\u00a0%' : '%'}`;
