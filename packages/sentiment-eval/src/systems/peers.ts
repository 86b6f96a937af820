import { createRequire } from 'node:module';
import { bySign, type SentimentSystem } from '../system.js';

/**
 * The peer packages, each with the label rule its own documentation recommends. All are CommonJS, loaded with
 * createRequire; none ships TypeScript types we could rely on, hence the small local interfaces.
 */
const require = createRequire(import.meta.url);
process.env.DOTENV_CONFIG_QUIET ??= 'true';

interface Vader {
  SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } };
}
/** VADER (vader-sentiment): compound ≥ 0.05 positive, ≤ -0.05 negative, as the VADER paper recommends. */
export const vader: SentimentSystem = {
  name: 'vader-sentiment',
  cacheKey: 'vader-sentiment@1.1.3',
  langs: ['en'],
  scoreBatch(texts) {
    const v = (require('vader-sentiment') as Vader).SentimentIntensityAnalyzer;
    return texts.map((t) => bySign(v.polarity_scores(t).compound, 0.05 - 1e-9));
  },
};

type AfinnFn = { analyze(t: string): { comparative: number; score: number } };
let afinnInstance: AfinnFn | undefined;
/** `sentiment` (AFINN-165 with emoji): sign of the score. */
export const afinn: SentimentSystem = {
  name: 'sentiment (AFINN)',
  cacheKey: 'sentiment@5.0.2',
  langs: ['en'],
  scoreBatch(texts) {
    const Sentiment = require('sentiment') as new () => AfinnFn;
    afinnInstance ??= new Sentiment();
    const s = afinnInstance;
    return texts.map((t) => bySign(s.analyze(t).score));
  },
};

type MultilangFn = (t: string, lang: string) => { score: number };
/** multilang-sentiment: AFINN-165 machine-translated to ~100 languages, Swedish included; sign of the score. */
export const multilang: SentimentSystem = {
  name: 'multilang-sentiment',
  cacheKey: 'multilang-sentiment@2.0.0',
  langs: ['sv', 'en'],
  scoreBatch(texts, lang) {
    const fn = require('multilang-sentiment') as MultilangFn;
    return texts.map((t) => bySign(fn(t, lang).score));
  },
};

interface WinkDoc {
  out(what: unknown): number;
}
interface Wink {
  readDoc(t: string): WinkDoc;
  its: { sentiment: unknown };
}
let winkNlp: Wink | undefined;
/** wink-nlp with wink-eng-lite-web-model: document sentiment in -1..1, sign. */
export const wink: SentimentSystem = {
  name: 'wink-nlp',
  cacheKey: 'wink-nlp@2.4.0+wink-eng-lite-web-model@1.8.1',
  langs: ['en'],
  async init() {
    const winkFactory = require('wink-nlp') as (m: unknown) => Wink;
    winkNlp ??= winkFactory(require('wink-eng-lite-web-model'));
  },
  scoreBatch(texts) {
    const n = winkNlp!;
    return texts.map((t) => bySign(n.readDoc(t).out(n.its.sentiment)));
  },
};

interface Natural {
  SentimentAnalyzer: new (lang: string, stemmer: unknown, vocab: string) => { getSentiment(tokens: string[]): number };
  PorterStemmer: unknown;
  WordTokenizer: new () => { tokenize(t: string): string[] };
}
let naturalAnalyzer: { getSentiment(tokens: string[]): number } | undefined;
let naturalTokenizer: { tokenize(t: string): string[] } | undefined;
/**
 * natural's SentimentAnalyzer (English, AFINN vocabulary, Porter stemmer). natural has sentiment vocabularies for
 * English, Spanish, Portuguese, Dutch, Italian, French, German, Galician, Basque and Catalan — none for Swedish
 * or another Scandinavian language — so it is run on English sets only.
 */
export const natural: SentimentSystem = {
  name: 'natural (afinn)',
  cacheKey: 'natural@8.1.1',
  langs: ['en'],
  async init() {
    const n = require('natural') as Natural;
    naturalAnalyzer ??= new n.SentimentAnalyzer('English', n.PorterStemmer, 'afinn');
    naturalTokenizer ??= new n.WordTokenizer();
  },
  scoreBatch(texts) {
    return texts.map((t) => bySign(naturalAnalyzer!.getSentiment(naturalTokenizer!.tokenize(t))));
  },
};

interface NlpjsAnalyzer {
  process(i: { locale: string; text: string }): Promise<{ sentiment: { score: number } }>;
}
let nlpjsAnalyzer: NlpjsAnalyzer | undefined;
/** nlp.js (@nlpjs/sentiment): AFINN-style Swedish lexicon from @nlpjs/lang-sv, senticon for English; sign. */
export const nlpjs: SentimentSystem = {
  name: 'nlp.js',
  cacheKey: '@nlpjs/sentiment@4.26.1',
  langs: ['sv', 'en'],
  async init() {
    const { containerBootstrap } = require('@nlpjs/core') as {
      containerBootstrap(): Promise<{ use(x: unknown): void }>;
    };
    const { SentimentAnalyzer } = require('@nlpjs/sentiment') as {
      SentimentAnalyzer: new (o: unknown) => NlpjsAnalyzer;
    };
    const container = await containerBootstrap();
    container.use((require('@nlpjs/lang-sv') as { LangSv: unknown }).LangSv);
    container.use((require('@nlpjs/lang-en') as { LangEn: unknown }).LangEn);
    nlpjsAnalyzer ??= new SentimentAnalyzer({ container });
  },
  async scoreBatch(texts, lang) {
    const out = [];
    for (const t of texts) out.push(bySign((await nlpjsAnalyzer!.process({ locale: lang, text: t })).sentiment.score));
    return out;
  },
};
