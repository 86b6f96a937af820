/**
 * What the rule engine needs to know about one language. `rules.ts` is language-neutral: every word list and
 * every morphological trick lives behind this interface, so adding a language means adding a pack.
 */
export interface LexHit {
  /** Valence on VADER's -4..4 scale. */
  valence: number;
  /** The dictionary form that was found, when it differs from the token ("trevligt" → "trevlig", "kaos" for "kundtjänstkaos"). */
  lemma?: string;
  /** Rules the lookup itself applied, e.g. `compound head "kaos"` or `boosted by "jätte-"`. */
  rules?: string[];
  /** Scalar applied by an intensifying prefix inside the word (jättebra, skitdåligt); 1 when none. */
  scalar?: number;
}

/**
 * A word whose valence holds only as a verb, i.e. after one of `after` (English "like" after a subject or
 * auxiliary; elsewhere it is a preposition or filler).
 */
export interface VerbAfter {
  readonly valence: number;
  readonly after: ReadonlySet<string>;
}

export interface LangPack {
  readonly lang: 'sv' | 'en';
  /** Words common in this language and rare in the other: its language evidence (evidence.ts). */
  readonly functionWords: ReadonlySet<string>;
  /** Lower-cased, de-elongated word → sentiment, or undefined when the word carries none. Must be fast and pure. */
  lookup(word: string): LexHit | undefined;
  /** The lookup for a hashtag's body, when it differs from `lookup` (English splits compounds only in hashtags). */
  lookupHashtag?(body: string): LexHit | undefined;
  /** Multi-word expressions: key is words joined by one space; `phraseStarts` holds their first words. */
  readonly phrases: ReadonlyMap<string, number>;
  readonly phraseStarts: ReadonlySet<string>;
  /** Words that negate what follows within the clause ("inte", "not", "utan"). */
  readonly negators: ReadonlySet<string>;
  /** Words after a negator that cancel it: "inte bara", "not only". */
  readonly notOnly: ReadonlySet<string>;
  /** Words after a negator that strengthen it: "inte alls". */
  readonly negationStrengtheners: ReadonlySet<string>;
  /** Intensifiers → extra fraction (0.3 means ×1.3). */
  readonly boosters: ReadonlyMap<string, number>;
  /** Diminishers → multiplier below 1 ("lite" ×0.6). */
  readonly dampeners: ReadonlyMap<string, number>;
  /**
   * Words with their own (often negative) valence that intensify an adjacent sentiment word instead:
   * "fruktansvärt trevligt", "terribly nice". Value is the extra fraction when used so.
   */
  readonly modifierWords: ReadonlyMap<string, number>;
  /** "men", "but": what comes before is down-weighted, what comes after up-weighted. */
  readonly contrastConjunctions: ReadonlySet<string>;
  /** "dock", "however": the clause they sit in is the contrasting one. */
  readonly contrastAdverbs: ReadonlySet<string>;
  /** Words that end a negation scope without contrast ("och", "and", "eftersom"). */
  readonly clauseBreaks: ReadonlySet<string>;
  /** Phrases that mark irony when they appear ("yeah right", "ja visst"): key as in `phrases`. */
  readonly sarcasmPhrases: ReadonlySet<string>;
  /** Irony phrases that count only when they open their sentence ("Sure you do."; not "make sure you do"). */
  readonly retorts: ReadonlySet<string>;
  /** Negators that in this language may follow the verb they negate ("jag gillar inte"): Swedish V2 order. */
  readonly postVerbNegation: boolean;
  /** Pronouns that may stand between a verb and its post-verb negator ("gillar du inte"). */
  readonly pronouns: ReadonlySet<string>;
  /** Negators that are the "but" of "not only … but also" before these words ("inte bara … utan också"). */
  readonly negatorAsBut: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Negators followed by an infinitive marker that their negation crosses ("utan att sucka": the marker "att" is no
   * clause break there).
   */
  readonly negatorBeforeInfinitive: ReadonlyMap<string, string>;
  /** Words whose valence holds only as a verb (`VerbAfter`), by form. */
  readonly verbAfter: ReadonlyMap<string, VerbAfter>;
  /** The prefix that negates a positive word ("o" in "otrevlig", "un" in "unhelpful"). */
  readonly negativePrefix: string;
  /** Word lists of the phenomenon rules (negation scope, "aldrig varit så", missing service, sarcasm). */
  readonly cues: PhenomenonCues;
}

/**
 * Words that the phenomenon rules (`rules.ts`, `rules-expectation.ts`, `rules-sarcasm.ts`) look for.
 * Each set is small and closed: function words and a few verbs, not sentiment words.
 */
export interface PhenomenonCues {
  /** Negators that state an absence ("utan", "ingen", "no", "without"): a negated negative word flips almost fully. */
  readonly absence: ReadonlySet<string>;
  /** Words anywhere between a negator and its word, or "alls"/"at all" after it, that make the negation total. */
  readonly totalisers: ReadonlySet<string>;
  /** Words after the negated word that make the negation total ("alls"; English "at all" is two words: "all"). */
  readonly totalisersAfter: ReadonlySet<string>;
  /** "aldrig", "never": with a degree word ("så", "so", "such", "mer") they intensify instead of negating. */
  readonly neverNegators: ReadonlySet<string>;
  /** Negators that negate totally on their own ("ingalunda": by no means), as "inte … alls" does. */
  readonly emphaticNegators: ReadonlySet<string>;
  readonly degree: ReadonlySet<string>;
  /** Comparative or superlative of a lexicon word ("nicer", "trevligare", "bättre"). */
  isComparative(word: string): boolean;
  /**
   * What a service is expected to give: an answer, a decision, a warning, working software. Negating or lacking one
   * ("utan svar", "no reply", "fungerar inte", "without warning") is a complaint, whatever the word's own valence.
   */
  readonly expected: ReadonlySet<string>;
  /** Thanks words ("tack", "thanks", "cheers") and the "för"/"for" that says what is thanked for. */
  readonly thanks: ReadonlySet<string>;
  readonly thanksFor: ReadonlySet<string>;
  /** Words of help and repair: thanking for these is sincere even when a problem is named ("tack för hjälpen med strulet"). */
  readonly repair: ReadonlySet<string>;
  /** Sentence-opening praise that turns ironic before a failure ("Toppen, appen kraschade igen"). */
  readonly praise: ReadonlySet<string>;
  /** Words that may precede the praise ("vad", "what", "oh", "really"). */
  readonly praiseLeads: ReadonlySet<string>;
  /** Words that join the praise to what is praised ("att", "när", "to", "when", "how"). */
  readonly praiseJoins: ReadonlySet<string>;
  /** "igen", "again", "another": the failure happened once more. */
  readonly repetition: ReadonlySet<string>;
  /** Repetition words that count only before one of these words: "ännu en", "än en gång", "once again". */
  readonly repetitionBefore: ReadonlyMap<string, ReadonlySet<string>>;
  /** Words that may stand between an expected verb and its post-verb negator ("svarar du inte", "funkar fortfarande inte"). */
  readonly verbNegatorGap: ReadonlySet<string>;
  /**
   * Words right before a negator that make it state a missing service, as an absence word does: what was due has
   * still not come ("fortfarande inte kommit", "har inte svarat", "still not sorted"). A bare "not" does not
   * ("can't reply till Thursday").
   */
  readonly missingMarkers: ReadonlySet<string>;
  /** The infinitive marker when it is a clause word ("utan att få svar"): it stays in the absence word's scope. */
  readonly infinitiveMarkers: ReadonlySet<string>;
  /**
   * Words that say a service could not be reached or used: "impossible", "unable" before one of `serviceVerbs`
   * ("impossible to reach anyone", "unable to log in") make a complaint (rules-service.ts).
   */
  readonly inability: ReadonlySet<string>;
  /** Verbs of reaching or using a service ("reach", "contact", "book", "log", "find"). */
  readonly serviceVerbs: ReadonlySet<string>;
  /**
   * Negators that, before one of `reachVerbs`, say the service could not be reached ("can't get through",
   * "couldn't reach anyone"). Not "not" or "don't": "don't contact us before Monday" is an instruction.
   */
  readonly reachNegators: ReadonlySet<string>;
  /** Verbs of reaching → the particle each needs ("get" → "through", "hold"), or an empty set when it needs none. */
  readonly reachVerbs: ReadonlyMap<string, ReadonlySet<string>>;
  /** Words of waiting ("wait", "waited", "queue", "hold"): with a long duration next to them, a complaint. */
  readonly waiting: ReadonlySet<string>;
  /**
   * The past of "take" ("took", "tog"): a wait that happened, but only with a unit long on its own (`longDurations`:
   * "took four months" is a complaint, "took five minutes" praise).
   */
  readonly elapsed: ReadonlySet<string>;
  /** Units of a duration ("minutes", "weeks"), counted after a number or one of `quantities` ("two", "an", "all"). */
  readonly durationUnits: ReadonlySet<string>;
  readonly quantities: ReadonlySet<string>;
  /** "hälften", "half": an amount after a hedge ("knappt hälften" is just under half, not a negation). */
  readonly halves: ReadonlySet<string>;
  /** Words after a duration that make it a point in time ("two years ago", "för två år sedan"): no wait. */
  readonly ago: ReadonlySet<string>;
  /** Durations long on their own ("ages", "forever"). */
  readonly longDurations: ReadonlySet<string>;
  /** Durations long after a degree word or intensifier ("so long", "this long", "too long"). */
  readonly degreeDurations: ReadonlySet<string>;
  /** Words that in a question ask whether something exists ("any problems?", "några problem?"): see `askedAbout`. */
  readonly askedAbout: ReadonlySet<string>;
  /** Words that make a duration short ("only five minutes", "under an hour", "within a week"). */
  readonly shortDuration: ReadonlySet<string>;
  /**
   * Words that open a concession ("Although the staff were kind, …", "Även om …"): one word or two joined by a
   * space. The clause they open gives way to the main clause after its comma.
   */
  readonly concessives: ReadonlySet<string>;
  /**
   * Negators that hedge ("knappast", "hardly", "barely"): with no sentiment word to negate they still judge what they
   * qualify ("barely readable", "kan knappast kallas service"), more clearly than a bare "not" does.
   */
  readonly hedges: ReadonlySet<string>;
  /**
   * Modal verbs ("could", "kunde") and negators that are one ("couldn't"): a modal negation of a comparative says it
   * could not be more so ("couldn't be happier", "kunde inte ha gått bättre"), an intensifier, not a negation.
   */
  readonly modals: ReadonlySet<string>;
  /** Pronouns that point past their clause ("Tack för det, …", "Thanks for that, …"): what is thanked for follows. */
  readonly pointers: ReadonlySet<string>;
  /** Verbs that report what someone said or promised ("sa", "lovade", "said", "promised"): see rules-sarcasm.ts. */
  readonly reporting: ReadonlySet<string>;
  /**
   * "inte ett problem för regionen att …", "not a problem for them that …": the word that grants the absence of a
   * problem to someone (`for`), the people for whom it is sincere (`us`: the writer or the reader), and the words that
   * open what the others do (`that`). See rules-sarcasm.ts.
   */
  readonly grantedTo: {
    readonly for: ReadonlySet<string>;
    readonly us: ReadonlySet<string>;
    readonly that: ReadonlySet<string>;
  };
  /** Verbs of liking ("love", "älskar"): before an activity ("Love waiting on hold") they praise it, as "Love it when" does. */
  readonly praiseVerbs: ReadonlySet<string>;
  /** Whether a word is a verb's -ing form, the activity a praise verb may take ("Love waiting"). */
  isGerund(word: string): boolean;
  /**
   * Words that place a state at the start ("at first", "i början", "initially"): before a contrast they say the state
   * changed, so a contrast clause without a sentiment word of its own ("…, but they sorted it") reverses it. One
   * word or two joined by a space.
   */
  readonly initially: ReadonlySet<string>;
  /**
   * Words that say a matter came right in the end ("in the end", "eventually", "till slut"): in a contrast clause with
   * no sentiment word of its own ("…, but it was sorted in the end") the contrast resolves the trouble before it. One
   * to three words joined by a space.
   */
  readonly eventually: ReadonlySet<string>;
  /** Verbs of possibility that a negator and an infinitive follow: "det går inte att logga in" (rules-expectation.ts). */
  readonly possible: ReadonlySet<string>;
  /** Participles of repair after a problem word ("problemet är åtgärdat", "the issue was solved"): it is over. */
  readonly repairedAfter: ReadonlySet<string>;
  /** Notices, guides, reports and how/whether questions: their problem words describe (`rules-notice.ts`). */
  readonly informational: InformationalFrameCues;
}

/**
 * Words of the informational-frame rule (`rules-notice.ts`): a notice, guide, report or how/whether question names a
 * problem without complaining.
 */
export interface InformationalFrameCues {
  /**
   * Endings of a notice's label before its colon ("Driftstörning:", "Bedrägerivarning:", "Known issue:"): the label
   * names a notice's kind. A name or a verdict before a colon ("Sakine Madon:", "Mindre bra:") does not.
   */
  readonly labels: readonly string[];
  /** Words that make the whole post a report, ruling, guide or planned notice ("rapport", "publishes", "court"). */
  readonly genre: ReadonlySet<string>;
  /**
   * Openings of a question that asks how to or whether ("hur gör", "vet någon", "has anyone"), as the first two or
   * three words. Not "varför"/"why", "is it really", "how come": those protest.
   */
  readonly asks: ReadonlySet<string>;
  /** First person singular: a statement with it is someone's own experience. */
  readonly firstPerson: ReadonlySet<string>;
  /**
   * Repetition and persistence markers: the problem is a grievance. Broader than `repetition` above (the sarcasm
   * rule's "once more"): persistence ("fortfarande", "still", "every") also turns a notice into a complaint.
   */
  readonly repetition: ReadonlySet<string>;
  /** Openings of a how-to that addresses the reader ("så här", "here's how"); "så <verb> du" also counts. */
  readonly howTo: ReadonlySet<string>;
}

/** A set of the words of a space-separated list. */
export const wordSet = (s: string): ReadonlySet<string> => new Set(s.split(' '));
/** A set of the phrases of a comma-separated list. */
export const phraseSet = (s: string): ReadonlySet<string> => new Set(s.split(', '));

/** Collapses 3+ repeated letters to one ("sååå" → "så", "braaaa" → "bra"), reporting whether it did. */
export function deElongate(word: string): string {
  // Two letters are kept by the lexicon lookup's second try ("good" has a real double o).
  return word.replace(/(\p{L})\1{2,}/gu, '$1');
}

/** Same as deElongate but keeps two copies, for words with a real double letter ("gooood" → "good"). */
export function deElongate2(word: string): string {
  return word.replace(/(\p{L})\1{2,}/gu, '$1$1');
}
