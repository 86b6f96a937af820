import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { phraseSet, wordSet, type LangPack, type PhenomenonCues } from './lang-pack.js';
import { SV_EXTRA, SV_PHRASES } from './lexicon-sv-extra.js';
import { createMorphLookup } from './morph.js';

/**
 * The Swedish pack: Språkbanken's sentimentlex with generated inflections (data/sentimentlex-sv.json, built by
 * scripts/build-lexicon-sv.mjs; attribution in NOTICE.md), overlaid with `SV_EXTRA`, plus the negators,
 * intensifiers and diminishers Swedish users name as the ones simple tools miss, and compound handling.
 */
const require = createRequire(import.meta.url);
const derived = JSON.parse(readFileSync(new URL('../data/sentimentlex-sv.json', import.meta.url), 'utf8')) as {
  words: Record<string, number>;
};

// Function words: common in this language and rare in the other, so they are its language evidence (evidence.ts).
// Shared spellings ("i", "a", "man", "hand", "glad", "full") are left out on purpose.
// Also kept neutral by the lexicon below.
const FUNCTION_WORDS: ReadonlySet<string> = new Set(('och att det är som på för med har av till den de om så var men vi kan ska sig ett hur när vad nu ' +
  'bara mycket också eller där då från kommer hade blir mig dig jag du han hon inte ingen inget inga sin sina sitt ' +
  'vara varit skulle efter mot vid än utan över under alla allt några någon något mer mest här nej ja tack bra ' +
  'dålig dåligt får fick går gick gör gjorde säger sa sedan redan igen också kanske väl ju nog även vill måste ' +
  'hos eftersom därför ni er era oss våra vår vårt dem deras denna detta dessa samma andra annat sådan bli blev ' +
  'ganska väldigt lite idag imorgon igår tycker tror vet fanns finns hej hejdå också mellan innan genom ' +
  'något aldrig alltid ofta hela stor stora liten små mitt min mina din dina ska skall sverige svenska svensk ' +
  'kunde borde vet tid år dag dagar folk människor lite heller jo nån nåt va typ asså alltså').split(' '));

const words = new Map<string, number>(Object.entries(derived.words));
// Function words and everyday verbs got valences from low-confidence lexicon rows or from generated forms
// ("har", "nu", "går", "hela"); in posts they carry none. Explicit extras below may still rate them.
const NEUTRAL = ('ta tar tog tagit kom komma kommit ge ger gav gett se ser såg sett hålla håller höll hållit stå står ' +
  'stod ligga ligger låg sätta sätter satte lägga lägger la lade göra gör gjorde säga fått gått gjort sagt varit ' +
  'blivit behöver börja börjar började sluta slutar slutade ny nya nytt gamla gammal gammalt första sista egen ' +
  'egna hel halv många flera få fler visa visar ha hade haft har gå går gick vara är var blir bli blev stor stora ' +
  'stort liten lite små långt lång långa hög höga högt låg låga kort korta tro tror trodde ofta sällan väl nu då ' +
  'dra drar drog hänga hänger släppa släpper köra kör körde bära bär bar leva lever levde hämta hämtar fram ner ' +
  'upp ut in bort hem hemma kvar ' +
  // Readings the lexicon gets wrong in posts: "tjäns" (a generated form that makes every "-tjänst" compound praise:
  // "kundtjänst", "e-tjänst"), "försvinner" read as "vinner" (wins). Not "helst": "hur bra som helst" is praise.
  'tjäns försvinner försvinna försvunnit').split(' ');
const neutral = new Set([...FUNCTION_WORDS, ...NEUTRAL]);
for (const w of Object.keys(SV_EXTRA)) neutral.delete(w);
for (const w of neutral) words.delete(w);
for (const [w, v] of Object.entries(SV_EXTRA)) words.set(w, v);
const svWords: ReadonlyMap<string, number> = words;

// natural's Swedish Porter stemmer: the fallback for inflections our generator and suffix list miss. Loaded by
// file so that natural's index (and its dotenv banner) is not pulled in.
const stemmer = require('natural/lib/natural/stemmers/porter_stemmer_sv.js') as { stem(w: string): string };
const stems = new Map<string, number>();
for (const [w, v] of words) {
  if (v === 0 || w.length < 4) continue;
  const s = stemmer.stem(w);
  const prev = stems.get(s);
  // A stem shared by words of opposite sign is ambiguous: it gets 0 and is never used.
  stems.set(s, prev === undefined ? v : Math.sign(prev) === Math.sign(v) ? prev : 0);
}

const BOOSTERS: Record<string, number> = {
  mycket: 0.3, väldigt: 0.35, jätte: 0.4, jättemycket: 0.4, super: 0.4, så: 0.3, sååå: 0.5, helt: 0.25,
  totalt: 0.35, extremt: 0.45, riktigt: 0.35, verkligen: 0.3, enormt: 0.4, oerhört: 0.4, ytterst: 0.35,
  rejält: 0.3, ordentligt: 0.3, himla: 0.3, särskilt: 0.25, speciellt: 0.2, ännu: 0.2, mer: 0.1, mest: 0.2, allt: 0.05,
  otroligt: 0.45, världens: 0.4, fullständigt: 0.35, absolut: 0.3, sjukt: 0.45, galet: 0.4, grymt: 0.4, fett: 0.35,
  skit: 0.4, svin: 0.4, as: 0.4, vansinnigt: 0.45, ruskigt: 0.35, alldeles: 0.3, alltför: 0.3, för: 0.15,
  // Not "bra": it appears as "bra dyrt" (rather expensive) in speech, but far more often as "good".
};

const DAMPENERS: Record<string, number> = {
  lite: 0.6, ganska: 0.85, rätt: 0.8, något: 0.7, aningen: 0.6, någorlunda: 0.6, halvt: 0.5, relativt: 0.75,
  hyfsat: 0.7, lagom: 0.5, sådär: 0.45, nästan: 0.6, typ: 0.85, småtrevligt: 0.7, delvis: 0.6,
};

const MODIFIERS: Record<string, number> = {
  fruktansvärt: 0.5, hemskt: 0.45, förbannat: 0.45, jävligt: 0.5, sjukt: 0.45, galet: 0.4, vansinnigt: 0.45,
  otroligt: 0.45, grymt: 0.4, sinnessjukt: 0.5, löjligt: 0.4, förfärligt: 0.45, ohyggligt: 0.45,
  ruskigt: 0.35, fett: 0.35, brutalt: 0.4, orimligt: 0.4, skit: 0.4, svinigt: 0.4, groteskt: 0.4, äckligt: 0.4, fasansfullt: 0.45,
};

const NEGATIVE_PREFIX = 'o';
const SARCASM_PHRASES = ['ja visst', 'jo visst', 'jo tjena', '#sarkasm', '#ironi', '#not'];
const COMPARATIVE = new Set(['bättre', 'bäst', 'bästa', 'sämre', 'sämst', 'sämsta', 'värre', 'värst', 'värsta', 'mer', 'mest']);

const SV_CUES: PhenomenonCues = {
  informational: {
    genre: wordSet(
      'guide vägledning webbinarium föreläsning pressmeddelande rapport rapporten rapporterar statistik ' +
        'publicerar redovisar granskar meddelar informerar årsredovisning årsredovisningen undersökning ' +
        'undersökningen förvaltningsrätten kammarrätten hovrätten tingsrätten planerat planerad',
    ),
    labels: [
      'störning',
      'störningar',
      'underhåll',
      'uppdatering',
      'information',
      'info',
      'meddelande',
      'rapport',
      'statistik',
      'varning',
      'påminnelse',
      'tips',
      'nyhet',
      'nyheter',
      'enkät',
      'vägledning',
      'guide',
      'frågor',
      'obs',
      'fel',
      'avbrott',
      'tjänst',
    ],
    asks: phraseSet(
      'hur gör, hur lång, hur länge, hur anmäler, hur ansöker, hur överklagar, hur bokar, hur får, hur ska man, ' +
        'hur kan man, vad ska jag, vad ska man, vad gör man, vad gör jag, var kan, var hittar, vet någon, vet nån, ' +
        'är det någon, är det nån, är det fler, har någon, har nån, har fler, kan man, får man, vilka dokument, ' +
        'fungerar e-legitimationen, funkar det',
    ),
    firstPerson: wordSet('jag mig min mitt mina'),
    repetition: wordSet('igen återigen fortfarande ännu tredje fjärde femte varje'),
    howTo: phraseSet('så här'),
  },
  absence: new Set(['utan', 'ingen', 'inga', 'inget', 'ingenting', 'aldrig', 'noll', 'knappast', 'knappt']),
  totalisers: new Set(['alls', 'någonsin', 'enda', 'någon', 'något', 'några', 'ett', 'en']),
  totalisersAfter: new Set(['alls']),
  neverNegators: new Set(['aldrig']),
  emphaticNegators: new Set(['ingalunda']),
  degree: new Set(['så', 'mer', 'mera', 'sådan', 'sådant', 'sådana', 'lika']),
  // "trevligare", "snabbaste": a comparative or superlative ending on a word the lexicon knows.
  isComparative: (w) => COMPARATIVE.has(w) || ['are', 'ast', 'aste'].some((e) => w.endsWith(e) && w.length > e.length + 2 && svWords.has(w.slice(0, -e.length))),
  expected: new Set(['svar', 'svaret', 'svaren', 'svarar', 'svarat', 'svarade', 'besked', 'beskedet', 'beslut', 'beslutet',
    'motivering', 'förvarning', 'förklaring', 'återkoppling', 'återbetalning', 'återbetalningen', 'fungerar', 'fungerade',
    'fungerat', 'fungera', 'funkar', 'funkade', 'funkat', 'funka', 'kommit', 'levererats', 'hjälp', 'hjälpen', 'ansvar',
    'hjälper', 'hjälpte', 'hjälpt',
    'lösning', 'koll', 'information', 'info']),
  thanks: new Set(['tack', 'tacksam', 'tackar']),
  thanksFor: new Set(['för']),
  repair: new Set(['hjälp', 'hjälpen', 'löste', 'löser', 'löst', 'lösningen', 'fixade', 'fixat', 'ordnade', 'ordnat', 'åtgärdade', 'åtgärdat']),
  praise: new Set(['toppen', 'perfekt', 'underbart', 'härligt', 'fantastiskt', 'fantastisk', 'lysande', 'snyggt', 'grattis',
    'tack', 'bravo', 'kanon', 'strålande', 'älskar', 'grymt', 'roligt', 'kul', 'trevligt', 'smidigt', 'wow', 'imponerande',
    'suveränt', 'utmärkt', 'uppskattar', 'härlig']),
  praiseLeads: new Set(['vad', 'vilken', 'vilket', 'så', 'åh', 'jag', 'verkligen', 'ja', 'tusen']),
  praiseJoins: new Set(['att', 'när', 'hur', 'då', 'jobbat', 'timing', 'service', 'gjort']),
  repetition: new Set(['igen', 'ännu', 'återigen', 'än', 'varje', 'andra', 'tredje', 'fjärde', 'femte', 'sjätte', 'n:te']),
  // "tredje gången i år": an ordinal counts only before "gången", as "varje" does before "gång" ("varje gång jag ringer").
  repetitionBefore: new Map([['ännu', new Set(['en', 'ett'])], ['än', new Set(['en', 'ett'])], ['varje', new Set(['gång'])],
    ...['andra', 'tredje', 'fjärde', 'femte', 'sjätte', 'n:te'].map((o) => [o, new Set(['gången'])] as const)]),
  verbNegatorGap: new Set(['jag', 'du', 'han', 'hon', 'vi', 'ni', 'de', 'dom', 'den', 'det', 'man', 'hen', 'dem', 'er', 'mig', 'oss', 'dig',
    'honom', 'henne',
    'fortfarande']),
  missingMarkers: new Set(['fortfarande', 'ännu', 'har', 'hade']),
  infinitiveMarkers: new Set(['att']),
  // "omöjligt", "hopplöst att komma fram" are complaint words of the Swedish lexicon itself.
  // Also a service that refuses: "BankID vägrar starta", "appen vägrade öppna".
  inability: new Set(['vägrar', 'vägrade', 'vägrat', 'vägra']),
  // The verbs after "går inte att" that name using a service (rules-expectation.ts).
  serviceVerbs: new Set(['logga', 'nå', 'ringa', 'boka', 'betala', 'komma', 'skicka', 'ladda', 'öppna', 'hitta', 'ansöka',
    'beställa', 'byta', 'ändra', 'registrera', 'använda', 'läsa', 'kontakta', 'deklarera', 'signera', 'söka', 'lämna',
    'spara', 'fylla', 'avboka', 'omboka', 'identifiera', 'legitimera', 'föra', 'överklaga', 'starta']),
  reachNegators: new Set(),
  // "kommer inte in", "kom aldrig fram", "utan att komma fram": read after the negator (rules-expectation.ts).
  reachVerbs: new Map(['komma', 'kommer', 'kom', 'kommit'].map((v) => [v, new Set(['fram', 'in', 'igenom'])] as const)),
  waiting: new Set(['vänta', 'väntar', 'väntat', 'väntade', 'väntan', 'köa', 'köar', 'köat', 'köade', 'kö', 'kön']),
  // "det tog fyra månader"; "tar upp till sex veckor" announces a wait, it does not tell one.
  elapsed: new Set(['tog', 'tagit']),
  durationUnits: new Set(['minut', 'minuter', 'timme', 'timmar', 'dag', 'dagar', 'vecka', 'veckor', 'månad', 'månader', 'år',
    'förmiddag', 'eftermiddag', 'kväll']),
  quantities: new Set(['en', 'ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio', 'elva', 'tolv', 'femton',
    'tjugo', 'trettio', 'flera', 'några', 'många', 'hela', 'halv', 'halva']),
  halves: new Set(['hälften', 'halva', 'halvtimme', 'halvår']),
  ago: new Set(['sen', 'sedan']),
  // A plural unit with no number is long on its own ("väntat i månader"); not "år" ("i år" is this year).
  longDurations: new Set(['evigheter', 'evighet', 'timmar', 'dagar', 'veckor', 'månader']),
  degreeDurations: new Set(['länge']),
  // "svar på två dagar" is quick.
  shortDuration: new Set(['bara', 'endast', 'under', 'mindre', 'inom', 'på']),
  askedAbout: new Set(['några', 'något', 'någon']),
  concessives: new Set(['fastän', 'trots', 'även om']),
  hedges: new Set(['knappast', 'knappt', 'föga']),
  // Modals of possibility only: "hade det inte varit bättre att …" proposes something else.
  modals: new Set(['kunde', 'kan', 'kunnat']),
  pointers: new Set(['det', 'detta', 'den']),
  // Swedish joins the activity with "att" ("Älskar att vänta"), a praise join.
  praiseVerbs: new Set(['älskar']),
  grantedTo: {
    for: new Set(['för']),
    us: new Set(['mig', 'oss', 'dig', 'er', 'jag', 'vi', 'du', 'ni']),
    that: new Set(['att']),
  },
  reporting: new Set(['sa', 'sade', 'säger', 'lovade', 'lovat', 'lovar', 'påstod', 'försäkrade', 'intygade']),
  // Not "först" alone: "först i kön", "först nu".
  initially: new Set(['i början', 'en början', 'inledningsvis', 'i starten']),
  eventually: new Set(['till slut', 'till sist', 'i slutändan', 'slutligen', 'efter hand', 'äntligen']),
  possible: new Set(['går', 'gick', 'gått', 'gå']),
  repairedAfter: new Set(['löst', 'löstes', 'åtgärdat', 'åtgärdad', 'åtgärdades', 'fixat', 'fixad', 'fixades', 'ordnat',
    'ordnad', 'ordnades', 'avhjälpt']),
  isGerund: () => false,
};

export const svPack: LangPack = {
  lang: 'sv',
  functionWords: FUNCTION_WORDS,
  lookup: createMorphLookup({
    words,
    boostPrefixes: [
      ['jätte', 0.4], ['super', 0.4], ['mega', 0.4], ['skit', 0.45], ['svin', 0.45], ['kanon', 0.35],
      ['toppen', 0.3], ['sjukt', 0.45], ['ultra', 0.4], ['hyper', 0.4], ['döds', 0.45], ['gigant', 0.4], ['as', 0.4],
    ],
    negPrefixes: [NEGATIVE_PREFIX],
    suffixes: [
      ['arna', ['']], ['erna', ['']], ['orna', ['a']], ['aste', ['']], ['ande', ['a']], ['ende', ['']], ['are', ['']],
      ['ast', ['']], ['ade', ['a']], ['ens', ['']], ['ets', ['']], ['na', ['']], ['en', ['']], ['et', ['']],
      ['ar', ['', 'a']], ['er', ['', 'a']], ['or', ['a']], ['de', ['a', '']], ['te', ['a']], ['at', ['a']],
      ['t', ['', 'a']], ['a', ['']], ['e', ['']], ['n', ['']], ['s', ['']], ['r', ['a']],
    ],
    stem: (w) => stemmer.stem(w),
    stems,
    neutral,
    shortHeads: new Set(['kö', 'kön', 'fel', 'bra', 'kass', 'hat', 'fusk', 'kaos', 'skam', 'svek', 'ris', 'ros', 'kris', 'skit', 'sorg', 'lögn', 'fara', 'kul']),
  }),
  phrases: new Map(Object.entries(SV_PHRASES)),
  // Irony phrases ("ja visst") are matched as phrases too, so their first words must open phrases.
  phraseStarts: new Set([...Object.keys(SV_PHRASES), ...SARCASM_PHRASES].map((p) => p.split(' ')[0]!)),
  negators: new Set(['inte', 'ej', 'aldrig', 'ingen', 'inget', 'inga', 'knappast', 'knappt', 'föga', 'utan', 'icke', 'ingenting', 'varken', 'int', 'inge', 'intet', 'ingalunda']),
  notOnly: new Set(['bara', 'endast', 'enbart', 'blott']),
  negationStrengtheners: new Set(['alls', 'någonsin']),
  boosters: new Map(Object.entries(BOOSTERS)),
  dampeners: new Map(Object.entries(DAMPENERS)),
  modifierWords: new Map(Object.entries(MODIFIERS)),
  contrastConjunctions: new Set(['men', 'fast', 'fastän']),
  contrastAdverbs: new Set(['dock', 'ändå', 'däremot', 'emellertid']),
  clauseBreaks: new Set(['och', 'eller', 'eftersom', 'som', 'när', 'då', 'medan', 'att', 'fast']),
  sarcasmPhrases: new Set(SARCASM_PHRASES),
  retorts: new Set(),
  postVerbNegation: true,
  pronouns: new Set(['jag', 'du', 'han', 'hon', 'vi', 'ni', 'de', 'dom', 'den', 'det', 'man', 'dem', 'henne',
    'honom', 'mig', 'dig', 'oss', 'er', 'sig', 'hen']),
  negatorAsBut: new Map([['utan', new Set(['också', 'även', 'dessutom'])]]),
  negatorBeforeInfinitive: new Map([['utan', 'att']]),
  verbAfter: new Map(),
  negativePrefix: NEGATIVE_PREFIX,
  cues: SV_CUES,
};
