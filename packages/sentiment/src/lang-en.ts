import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { phraseSet, wordSet, type LangPack, type PhenomenonCues } from './lang-pack.js';
import { createMorphLookup, type MorphSpec } from './morph.js';

/**
 * The English pack: the VADER lexicon (Hutto & Gilbert 2014, MIT) as shipped in the `vader-sentiment` package,
 * read from that package at load so it stays the maintained copy. Modifier lists follow VADER's BOOSTER_DICT and
 * NEGATE (same paper), extended with words VADER misses in customer-service posts.
 */
const require = createRequire(import.meta.url);
const lexPath = require.resolve('vader-sentiment/vader_lexicon.txt');

/** Parses VADER's `token<TAB>mean<TAB>sd<TAB>[ratings]` lines; later duplicates win, as in VADER itself. */
export function parseVaderLexicon(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const v = Number.parseFloat(line.slice(tab + 1));
    if (Number.isFinite(v)) out.set(line.slice(0, tab), v);
  }
  return out;
}

/** Every VADER entry, case preserved: emoticons like ":D" and ":d" differ. Shared with the emoticon lookup. */
export const VADER_LEXICON: ReadonlyMap<string, number> = parseVaderLexicon(readFileSync(lexPath, 'utf8'));

// Function words: common in this language and rare in the other, so they are its language evidence (evidence.ts).
// Shared spellings ("i", "a", "man", "hand", "glad", "full") are left out on purpose.
const FUNCTION_WORDS: ReadonlySet<string> = new Set(('the and is are was were be been being to of in that it for you with this on have has had not but ' +
  'at my so just they we he she his her their them our your what which who when where why how all would will ' +
  'can could should there here from about out up if or as do does did dont don\'t im i\'m it\'s its than then ' +
  'very really because been get got going know think love like good bad great new one more no yes some any ' +
  'people today tomorrow time day would make made want need see back still only also even much well never ' +
  'always after before into over these those such again other thing things lol thanks thank please every ' +
  'into being by an been doesn\'t didn\'t isn\'t can\'t won\'t wasn\'t u ur im gonna wanna gotta').split(' '));

const EN_EXTRA: Record<string, number> = {
  // VADER has no entry for these, yet they decide many complaints and praises.
  broken: -1.8, crashed: -2.0, crashes: -1.8, crashing: -1.8, scam: -2.8, scammed: -2.8,
  delayed: -1.6, delay: -1.4, delays: -1.4, cancelled: -1.6, canceled: -1.6, rude: -2.2, unhelpful: -2.0,
  useless: -2.4, worst: -3.1, unacceptable: -2.4, disappointing: -2.2, overpriced: -1.8, laggy: -1.6,
  buggy: -1.8, outage: -1.8, downtime: -1.4, wtf: -1.8, smh: -1.6, ugh: -1.8, meh: -0.8,
  // VADER rates these as sentiment, but in posts they are mostly function words or names.
  // "support" is the customer-support department in our users' posts, not praise.
  // Complaint words VADER lacks, found writing the phenomena cases (sentiment-eval data/phenomena-cases.txt).
  // "issue" is as often a magazine's or a topic: mild. ("simple", "slow", "quick", "impossible" were tried and
  // hurt the English tweet sets' train splits: "nothing is impossible", "slowly but surely".)
  issue: -0.6, issues: -0.6, hassle: -1.6, hassles: -1.6, incomprehensible: -2.2,
  disgraceful: -2.6, disgrace: -2.4, absurd: -2.0, overcharged: -2.2, overcharging: -2.2, glitch: -1.4,
  glitched: -1.4, glitchy: -1.6, deleted: -1.0, deleting: -1.0, reliable: 1.8, unreliable: -2.0, treated: 0,
  support: 0, no: 0, like: 0, pretty: 0, kind: 0, well: 0, please: 0, yes: 0, fan: 0, gift: 0, mercy: 0, ok: 0.6, okay: 0.6, party: 0,
  // Found auditing the most frequent rated words of the English training posts: names ("United", "Amazon", "Mia")
  // and abbreviations that are mostly something else in posts (NFC the football conference, PO box, NH the state),
  // and forms read as another word ("career" as "care", "hands"), which rate a post about a club. "Muhammad" was
  // read as a compound of "mad", which put a negative word into every post naming the most common given name in
  // the world. "l" is a letter; "gt" and "lt" are what is left of the HTML entities "&gt;" and "&lt;" in scraped
  // posts.
  united: 0, amazon: 0, mia: 0, nfc: 0, po: 0, nh: 0, career: 0, careers: 0, hand: 0, hands: 0, l: 0, gt: 0, lt: 0,
  muhammad: 0, mohammad: 0, mohammed: 0, muhammed: 0, mohamad: 0, muhamad: 0,
  // Complaints to an organisation that VADER lacks or rates too mild: what did not happen, a service that is a
  // shambles. "laughable" (VADER +0.2) is scorn in complaints. "cancelling" a booking is the failure "cancelled" is.
  unreachable: -2.0, unanswered: -1.6, unresolved: -1.4, ghosted: -1.8, shambles: -2.4, shambolic: -2.4,
  nightmare: -2.4, laughable: -1.6, cancelling: -1.4, canceling: -1.4, runaround: -1.8, fobbed: -2.0, stonewalled: -2.0,
  stonewalling: -2.0,
  // What a service pays out, mentioned as often when it came as when it did not ("still no refund" is read by the
  // missing-service rule, which needs no valence of its own).
  refund: 0,
  // A service that ran without friction ("such a smooth renewal"), or could be used or read at all: VADER lacks them.
  smooth: 1.6, smoothly: 1.6, thorough: 1.6, correctly: 1.2, promptly: 1.4, usable: 1.2, unusable: -2.2, readable: 1.0, unreadable: -1.8, illegible: -1.8,
  // "Honestly, …", "tbh": a hedge that says the opinion that follows is frank, not praise (VADER +2.0).
  honestly: 0, tbh: 0,
  // Praise VADER lacks, found in posts written by others.
  punctual: 1.4, kudos: 2.0,
  // Like Swedish "kö": a queue is mostly mentioned when it hurts ("barely any queue" then reads as praise).
  queue: -0.6, queues: -0.6, queueing: -0.6, queuing: -0.6,
};
const words = new Map<string, number>();
for (const [w, v] of VADER_LEXICON) if (/\p{L}/u.test(w)) words.set(w.toLowerCase(), v);
for (const [w, v] of Object.entries(EN_EXTRA)) words.set(w, v);

const BOOSTERS: Record<string, number> = {
  absolutely: 0.3, amazingly: 0.3, awfully: 0.3, completely: 0.3, considerably: 0.3, decidedly: 0.3, deeply: 0.3,
  effing: 0.3, enormously: 0.3, entirely: 0.3, especially: 0.3, exceptionally: 0.3, extremely: 0.4, fabulously: 0.3,
  flipping: 0.3, fricking: 0.3, frickin: 0.3, frigging: 0.3, friggin: 0.3, fully: 0.3, greatly: 0.3, highly: 0.3,
  hugely: 0.3, incredibly: 0.4, intensely: 0.3, majorly: 0.3, more: 0.15, most: 0.25, particularly: 0.3, purely: 0.3,
  quite: 0.2, really: 0.3, remarkably: 0.3, so: 0.3, soo: 0.4, substantially: 0.3, thoroughly: 0.3, totally: 0.3,
  tremendously: 0.3, uber: 0.3, unbelievably: 0.4, unusually: 0.3, utterly: 0.35, very: 0.3, super: 0.35, too: 0.2,
  truly: 0.3, seriously: 0.3, such: 0.2, hella: 0.35, mega: 0.35,
  // Adjectives that intensify the noun after them: "a total mess", "an utter shambles", "complete chaos".
  total: 0.3, utter: 0.35, complete: 0.3, absolute: 0.3,
};
const DAMPENERS: Record<string, number> = {
  almost: 0.6, kinda: 0.7, kindof: 0.7, less: 0.6, little: 0.7, marginally: 0.6,
  occasionally: 0.7, partly: 0.6, slightly: 0.6, somewhat: 0.7, sorta: 0.7, sortof: 0.7, fairly: 0.75,
  rather: 0.8, reasonably: 0.7, 'kind of': 0.7, 'sort of': 0.7, 'a bit': 0.7, 'a little': 0.7, relatively: 0.75, mildly: 0.6, moderately: 0.7, bit: 0.7,
  // "pretty good" is "fairly good": it dampens (a dampener, not a modifier word).
  pretty: 0.85,
};
const MODIFIERS: Record<string, number> = {
  terribly: 0.45, awfully: 0.45, insanely: 0.45, crazy: 0.4, damn: 0.4, damned: 0.4, fucking: 0.5, freaking: 0.4,
  ridiculously: 0.4, painfully: 0.4, wicked: 0.35, stupidly: 0.4, horribly: 0.45, dreadfully: 0.4, frightfully: 0.4, bloody: 0.4,
  sick: 0.35, mad: 0.35, incredibly: 0.4, unbelievably: 0.4, seriously: 0.3, hella: 0.35,
};

// "oh great" and "just great" are sincere as often as not ("it's just great to play"); before a failure the praise
// rule in rules-sarcasm.ts reads them as irony.
// "Sure you do.", "Sure it is.": the retort to a claim the post has just quoted; only when it opens its sentence
// ("make sure you are registered", "I'm sure it is" are sincere).
const RETORTS = ['sure you do', 'sure you did', 'sure you are', 'sure it is', 'sure it was', 'sure they do', 'sure they are'];
const SARCASM_PHRASES = ['yeah right', 'thanks a lot', '#sarcasm', '#not', '#irony', ...RETORTS];
const COMPARATIVE = new Set(['better', 'best', 'worse', 'worst', 'more', 'most']);

const EN_PHRASES: Record<string, number> = {
    'no problem': 1.4, 'no worries': 1.4, 'no doubt': 1.0, 'thanks for nothing': -2.6, 'kind of': 0, 'sort of': 0,
    'a bit': 0, 'a little': 0, 'the bomb': 3.0, 'bad ass': 1.5, 'badass': 1.5, 'yeah right': -1.6, 'cut the mustard': 2.0, 'hand to mouth': -2.0,
    'back handed': -2.0, 'blow smoke': -2.0, 'blowing smoke': -2.0, 'upper hand': 1.0, 'break a leg': 2.0,
    'not working': -1.8, "doesn't work": -1.8, "didn't work": -1.8, 'stopped working': -2.0, 'still waiting': -1.6,
    'on hold': -1.0, 'fed up': -2.2, 'rip off': -2.4, 'ripped off': -2.6, 'look forward': 1.6, 'looking forward': 1.8,
    'can\'t wait': 1.8, 'cant wait': 1.8, 'must see': 2.0, 'thank you': 1.8, 'well done': 2.2, 'shout out': 1.4,
    // "for nothing" is "in vain"; "has been down" is an outage ("is down" is as often sport); "can't complain" is content.
    'for nothing': -1.6, 'been down': -1.6, 'still down': -1.8, 'down again': -1.8,
    'works well': 1.8, 'worked well': 1.8, 'working well': 1.8, 'long wait': -1.4, 'long waiting': -1.4,
    "can't complain": 1.4, 'cant complain': 1.4, 'hardly wait': 1.8, 'without a scratch': 1.8,
    // Disappointment in a service that VADER lacks: "really let down by the council".
    'let down': -2.0, 'let us down': -2.0, 'let me down': -2.0, 'lets me down': -2.0, 'lets us down': -2.0,
    'let you down': -2.0, 'letting down': -1.8, 'letting me down': -1.8, 'letting us down': -1.8,
    // Days off named in announcements, not joy ("closed for the bank holiday").
    'bank holiday': 0, 'public holiday': 0, 'bank holidays': 0, 'public holidays': 0,
    // Benefits paid by an agency are the name of a service, not praise.
    'housing benefit': 0, 'child benefit': 0, 'unemployment benefit': 0, 'sickness benefit': 0, 'parental benefit': 0,
    // A service that "is a joke" is scorned, not funny ("joke" alone is +1.2: "he told a joke" stays as it is).
    'is a joke': -2.2, 'was a joke': -2.2, 'are a joke': -2.2, 'were a joke': -2.2, "it's a joke": -2.2,
    "that's a joke": -2.2, 'what a joke': -2.2, 'such a joke': -2.2, 'absolute joke': -2.4, 'complete joke': -2.4,
    'total joke': -2.4, 'utter joke': -2.4, 'bad joke': -1.8, 'sick joke': -2.2,
    // Not worth the money, the wait, the trouble: a verdict, not the mild negation of "worth" (+0.9).
    'not worth': -1.8, "isn't worth": -1.8, "wasn't worth": -1.8, "aren't worth": -1.8, 'hardly worth': -1.8,
    'barely worth': -1.8, 'never worth': -1.8,
    // Being passed around instead of helped.
    'hung up': -1.6, 'hangs up on': -1.8, 'hanging up on': -1.8, 'hang up on': -1.6, 'still nothing': -1.4, 'heard nothing': -1.4, 'in circles': -1.6,
    'pillar to post': -1.8, 'left hanging': -1.4,
    // "no wonder" is "unsurprisingly": its "no" negates nothing.
    'no wonder': 0,
    "without a hitch": 1.8, 'expected better': -1.6, 'expect better': -1.4, 'deserve better': -1.6,
    'deserved better': -1.6,
    // Discourse hedges, not praise of honesty.
    'to be honest': 0, 'in all honesty': 0,
    // A service that is down is an outage; "is down" alone is as often a score or a mood.
    ...Object.fromEntries(
      ['app', 'website', 'site', 'system', 'systems', 'server', 'servers', 'portal', 'network', 'login'].flatMap((s) =>
        ['is down', 'was down', 'are down', 'were down', 'went down'].map((d) => [`${s} ${d}`, -1.8]),
      ),
    ),
    // "well" alone is a discourse word (0); after these it is the verdict ("it went well", "ended really well").
    'went well': 1.8, 'ended well': 1.8, 'goes well': 1.8, 'going well': 1.8, 'gone well': 1.8, 'really well': 1.8,
    'very well': 1.6, 'so well': 1.8, 'spot on': 2.0,
    // Charged twice for one thing; a reply from no one; a delivery that is not there.
    'charged twice': -2.0, 'double charged': -2.0, 'automated reply': -1.0, 'automated response': -1.0,
    'automatic reply': -1.0, 'nowhere to be': -1.6,
    // Being thrown out of a service against one's will ("logs me out mid form"), unlike logging out.
    'logs me out': -1.6, 'logged me out': -1.6, 'logging me out': -1.6, 'kicks me out': -1.8, 'kicked me out': -1.8,
  };

const NEGATIVE_PREFIX = 'un';

/** English morphology; plain words are looked up without compound splitting (see `compounds`). */
const MORPH: MorphSpec = {
  words,
  boostPrefixes: [['super', 0.4], ['mega', 0.4], ['uber', 0.4], ['ultra', 0.4], ['hyper', 0.3]],
  negPrefixes: [NEGATIVE_PREFIX],
  suffixes: [
    ['iest', ['y']], ['ness', ['']], ['ing', ['', 'e']], ['ied', ['y']], ['ies', ['y']], ['est', ['', 'e']],
    ['ed', ['', 'e']], ['er', ['', 'e']], ['ly', ['', 'le']], ['es', ['', 'e']], ['s', ['']], ['d', [''], 'e'],
  ],
  shortHeads: new Set(['bad', 'fail', 'win', 'sad', 'mad', 'lol', 'joy', 'wtf', 'love', 'hate', 'good', 'best', 'fun', 'cool',
    'haha']),
};

const EN_CUES: PhenomenonCues = {
  informational: {
    genre: wordSet(
      'guide webinar workshop report reports publishes published statistics investigates inspectors court confirms ' +
        'announces regulator newsletter vacancy planned',
    ),
    labels: [
      'disruption',
      'maintenance',
      'update',
      'issue',
      'issues',
      'notice',
      'reminder',
      'warning',
      'alert',
      'report',
      'survey',
      'newsletter',
      'faq',
      'tips',
      'vacancy',
      'map',
      'information',
      'outage',
      'works',
      'closure',
    ],
    asks: phraseSet(
      'how do, how can i, how long, how does, how to, what should, what do i, what to, where can, where do, ' +
        'does anyone, is anyone, has anyone, did anyone, anyone else, can i, is there a way, are there any, ' +
        'who do i',
    ),
    firstPerson: wordSet("i me my i'm i've mine myself"),
    repetition: wordSet('again still yet another third fourth fifth every'),
    howTo: phraseSet("here's how, how to, what to do"),
  },
  absence: new Set(['without', 'no', 'nothing', 'zero', 'none', 'never', 'nobody', 'hardly', 'barely', 'scarcely']),
  totalisers: new Set(['even', 'ever', 'single', 'any', 'at', 'one']),
  totalisersAfter: new Set(['all']),
  neverNegators: new Set(['never']),
  // "by no means" is three words; a phrase negator is not supported yet.
  emphaticNegators: new Set(),
  // Not "as": "never as bad as" is a negation.
  degree: new Set(['so', 'such', 'this', 'more']),
  // "nicer", "happiest", "quicker": a comparative or superlative ending on a word the lexicon knows.
  isComparative: (w) => COMPARATIVE.has(w) || ['er', 'est', 'ier', 'iest'].some((e) => w.endsWith(e) && w.length > e.length + 2
    && (words.has(w.slice(0, -e.length)) || words.has(w.slice(0, -e.length) + (e.startsWith('i') ? 'y' : 'e')))),
  expected: new Set(['answer', 'answers', 'answered', 'reply', 'replies', 'replied', 'response', 'responded', 'respond',
    'feedback', 'explanation', 'warning', 'refund', 'works', 'worked', 'showed', 'arrived', 'delivered', 'solution',
    'callback', 'help', 'clue', 'decision', 'progress', 'parcel', 'package', 'delivery',
    'confirmation', 'fixed', 'solved', 'resolved', 'sorted', 'picks', 'picked', 'returned']),
  thanks: new Set(['thanks', 'thank', 'thx', 'cheers']),
  thanksFor: new Set(['for']),
  repair: new Set(['help', 'helping', 'fixing', 'fixed', 'solving', 'solved', 'sorting', 'sorted', 'resolving', 'resolved']),
  praise: new Set(['great', 'perfect', 'wonderful', 'fantastic', 'awesome', 'lovely', 'brilliant', 'nice', 'thanks', 'congrats',
    'bravo', 'wow', 'love', 'amazing', 'superb', 'excellent', 'well', 'cheers', 'glad', 'loving', 'impressive',
    'appreciate', 'stellar', 'marvellous', 'marvelous', 'splendid', 'terrific']),
  praiseLeads: new Set(['what', 'oh', 'so', 'just', 'really', 'i', 'gotta', 'got', 'to', 'just', 'how']),
  praiseJoins: new Set(['to', 'when', 'how', 'that', 'job', 'done', 'timing', 'service', 'it']),
  repetition: new Set(['again', 'another', 'once', 'every', 'second', 'third', 'fourth', 'fifth', 'sixth', 'umpteenth', 'nth']),
  // "third time this month": an ordinal counts only before "time", as "every" does ("every time I call").
  repetitionBefore: new Map([['once', new Set(['again', 'more'])], ['every', new Set(['time'])],
    ...['second', 'third', 'fourth', 'fifth', 'sixth', 'umpteenth', 'nth'].map((o) => [o, new Set(['time'])] as const)]),
  // Read only with post-verb negation, which English does not have.
  verbNegatorGap: new Set(),
  missingMarkers: new Set(['still', 'has', 'have', 'had']),
  // "to" is no clause word in English, so it never ends an absence word's scope.
  infinitiveMarkers: new Set(),
  inability: new Set(['impossible', 'unable']),
  serviceVerbs: new Set(['reach', 'contact', 'get', 'find', 'call', 'phone', 'ring', 'speak', 'talk', 'book', 'log', 'login',
    'access', 'use', 'understand', 'navigate', 'cancel', 'submit', 'pay', 'download', 'load', 'open', 'renew', 'apply',
    'register', 'sign', 'track', 'upload', 'change', 'reschedule', 'complete', 'follow', 'read']),
  reachNegators: new Set(["can't", 'cant', 'cannot', "couldn't", 'couldnt', 'never']),
  // "can't get over how good", "can't get enough": "get" reaches only with "through" or "hold".
  reachVerbs: new Map([['reach', new Set()], ['contact', new Set()], ['access', new Set()], ['login', new Set()],
    ['get', new Set(['through', 'hold'])], ['got', new Set(['through', 'hold'])], ['log', new Set(['in', 'on', 'into'])], ['sign', new Set(['in'])]]),
  // "hold" counts only inside the phrase "on hold" ("hold the plank for two minutes" is no queue).
  waiting: new Set(['wait', 'waits', 'waited', 'waiting', 'queue', 'queues', 'queued', 'queuing', 'queueing', 'on hold']),
  // "took four months"; "takes up to six weeks" announces a wait, it does not tell one.
  elapsed: new Set(['took']),
  durationUnits: new Set(['minute', 'minutes', 'min', 'mins', 'hour', 'hours', 'hr', 'hrs', 'day', 'days', 'week', 'weeks',
    'month', 'months', 'year', 'years', 'morning', 'afternoon', 'evening', 'night']),
  quantities: new Set(['a', 'an', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven',
    'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'several', 'few', 'many', 'couple', 'all', 'whole', 'full',
    'half', 'multiple', 'countless']),
  halves: new Set(['half']),
  ago: new Set(['ago']),
  // A plural unit with no number is long on its own ("waited hours", "for months"); "minutes" is not.
  longDurations: new Set(['ages', 'forever', 'eternity', 'hours', 'days', 'weeks', 'months', 'years']),
  degreeDurations: new Set(['long']),
  // "replied in two days" is quick.
  shortDuration: new Set(['only', 'just', 'under', 'less', 'within', 'in', 'barely']),
  askedAbout: new Set(['any']),
  concessives: new Set(['although', 'though', 'despite', 'while', 'whilst', 'even though', 'even if', 'in spite']),
  // Not "barely": in posts it is as often "only just" ("barely premiered", "BYU 2nd, barely").
  hedges: new Set(['hardly', 'scarcely']),
  // Modals of possibility only: "wouldn't it be better to …" proposes something else.
  modals: new Set(['could', 'can', "couldn't", 'couldnt', "can't", 'cant', 'cannot']),
  pointers: new Set(['that', 'this', 'it']),
  // "Love waiting", "Love getting logged out"; "king", "thing" are no -ing forms.
  praiseVerbs: new Set(['love', 'loving', 'adore', 'enjoy', 'appreciate']),
  grantedTo: {
    for: new Set(['for']),
    us: new Set(['me', 'us', 'you', 'i', 'we']),
    that: new Set(['that', 'to']),
  },
  reporting: new Set(['said', 'says', 'promised', 'promise', 'claimed', 'assured', 'told']),
  // Not "first" or "start" alone: "my first game", "start getting ready" place nothing.
  initially: new Set(['at first', 'initially', 'originally', 'the beginning', 'the start']),
  eventually: new Set(['in the end', 'eventually', 'at last', 'finally']),
  // English says "unable to", "impossible to" (the inability cues).
  possible: new Set(),
  repairedAfter: new Set(['fixed', 'solved', 'sorted', 'resolved', 'repaired']),
  isGerund: (w) => w.length > 5 && w.endsWith('ing'),
};

export const enPack: LangPack = {
  lang: 'en',
  functionWords: FUNCTION_WORDS,
  lookup: createMorphLookup({ ...MORPH, compounds: 'short heads' }),
  lookupHashtag: createMorphLookup(MORPH),
  phrases: new Map(Object.entries(EN_PHRASES)),
  phraseStarts: new Set([...Object.keys(EN_PHRASES), ...SARCASM_PHRASES].map((p) => p.split(' ')[0]!)),
  negators: new Set([
    'not', 'no', 'never', 'nothing', 'nobody', 'none', 'nowhere', 'neither', 'nor', 'without', 'cannot', "ain't",
    'aint', "aren't", 'arent', "can't", 'cant', "couldn't", 'couldnt', "didn't", 'didnt', "doesn't", 'doesnt', "don't",
    'dont', "hadn't", 'hadnt', "hasn't", 'hasnt', "haven't", 'havent', "isn't", 'isnt', "mightn't", "mustn't",
    "needn't", "shan't", "shouldn't", 'shouldnt', "wasn't", 'wasnt', "weren't", 'werent', "won't", 'wont',
    "wouldn't", 'wouldnt', 'rarely', 'seldom', 'nope', 'zero',
    // "hardly helpful" is "not helpful" (knappast in Swedish); VADER dampens these instead.
    'hardly', 'barely', 'scarcely',
  ]),
  notOnly: new Set(['only', 'just', 'merely', 'simply']),
  negationStrengtheners: new Set(['even', 'ever', 'at']),
  boosters: new Map(Object.entries(BOOSTERS)),
  dampeners: new Map(Object.entries(DAMPENERS)),
  modifierWords: new Map(Object.entries(MODIFIERS)),
  contrastConjunctions: new Set(['but', 'yet']),
  contrastAdverbs: new Set(['however', 'nevertheless', 'nonetheless', 'though', 'although']),
  clauseBreaks: new Set(['and', 'or', 'because', 'since', 'which', 'who', 'that', 'when', 'while', 'if']),
  sarcasmPhrases: new Set(SARCASM_PHRASES),
  retorts: new Set(RETORTS),
  postVerbNegation: false,
  pronouns: new Set(),
  negatorAsBut: new Map(),
  negatorBeforeInfinitive: new Map(),
  // "like" is mostly a preposition or filler in posts; it is the verb after a subject or auxiliary.
  verbAfter: new Map([['like', {
    valence: 1.5,
    after: new Set(['i', 'we', 'you', 'they', 'really', "don't", 'dont', "didn't", 'didnt', 'do', 'did', "doesn't", 'doesnt',
      'totally', 'would', "i'd", 'still', 'definitely', 'also', 'just']),
  }]]),
  negativePrefix: NEGATIVE_PREFIX,
  cues: EN_CUES,
};
