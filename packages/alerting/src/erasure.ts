import type { Alert, AlertMention } from '@vakt/schema/alert';

/**
 * What a GDPR erasure removes from alerts: mentions by key (`source:id`, as the store listed them before
 * deleting) and by author (the handle in every stored form, clear and pseudonymised). An alert keeps its counts and
 * terms; only the quoted mentions of the erased author go.
 */
export interface MentionErasure {
  keys: ReadonlySet<string>;
  authors: ReadonlySet<string>;
}

export function erasesMention(e: MentionErasure, m: AlertMention): boolean {
  return e.keys.has(`${m.source}:${m.id}`) || (m.author !== undefined && e.authors.has(m.author));
}

/** The alert without the erased mentions; the very same object when it quotes none of them. */
export function withoutErased(a: Alert, e: MentionErasure): Alert {
  const top = a.evidence.topMentions;
  const kept = top.filter((m) => !erasesMention(e, m));
  return kept.length === top.length ? a : { ...a, evidence: { ...a.evidence, topMentions: kept } };
}
