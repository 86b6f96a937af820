import type { Readable, Writable } from 'node:stream';
import type { ConfigSpec } from '@vakt/config/spec';
import { CommandExit, loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { createScorerEngine, resolveModelDir, scoringWatchesFile } from '@vakt/scorer';
import { modelSettings } from '@vakt/runtime/settings';
import { createLogger } from '@vakt/pipeline/logger';
import type { Sentiment } from '@vakt/schema/scored-mention';
import type { SentimentResult } from '@vakt/sentiment-model/engine';

/** `vakt score` and `vakt explain` write their results to stdout; stderr carries only warnings unless asked. */
const quietLogLevel = {
  env: 'LOG_LEVEL',
  flag: '--log-level',
  type: 'enum',
  values: ['fatal', 'error', 'warn', 'info', 'debug', 'silent'],
  default: 'warn',
  description: 'Log level (stderr).',
} as const;

const scoreSpec = {
  ...modelSettings,
  jsonl: {
    env: 'VAKT_SCORE_JSONL',
    flag: '--jsonl',
    type: 'bool',
    default: false,
    description:
      'Read {"id","text","lang"?} lines on stdin, write one {"id","label","score",…} line per input on stdout, in order.',
  },
  watchesFile: {
    env: 'VAKT_WATCHES_FILE',
    flag: '--watches-file',
    type: 'path',
    description:
      'Score as the pipeline does: each line is matched against these watches, their domain words apply and their names are read as blank; output lines then carry "watches" (the names matched).',
  },
  logLevel: quietLogLevel,
} satisfies ConfigSpec;

/** `vakt score --jsonl`: the scorer's engine (combined, or lexicon-only if the model is missing) over stdin. */
export async function scoreCommand(io: CommandIo): Promise<number> {
  const { config } = loadCommandConfig(
    io,
    scoreSpec,
    'vakt score --jsonl < mentions.jsonl',
    'Score mentions with the sentiment engine.',
  );
  if (!config.jsonl) {
    io.stderr.write('vakt score: only --jsonl mode exists; pass --jsonl\n');
    throw new CommandExit(2);
  }
  const watches = config.watchesFile ? await scoringWatchesFile(config.watchesFile) : undefined;
  const engine = await createScorerEngine(
    createLogger({ name: 'score', level: config.logLevel }),
    resolveModelDir(config),
    watches?.scoring,
  );
  const { scoreJsonl } = await import('@vakt/sentiment/cli');
  await scoreJsonl(process.stdin as Readable, io.stdout as Writable, io.stderr as Writable, async (items) => {
    const matched = items.map((i) => watches?.matcher.match({ text: i.text }) ?? []);
    const results = await engine.scoreBatch(
      items.map((i, n) => ({ text: i.text, ...(i.lang ? { lang: i.lang } : {}), matches: matched[n]! })),
    );
    return results.map((s, n) => ({
      id: items[n]!.id,
      label: s.label,
      score: s.score,
      confidence: s.confidence,
      lang: s.lang,
      p_neg: s.p_neg,
      p_neu: s.p_neu,
      p_pos: s.p_pos,
      model: s.model,
      disagreement: s.disagreement,
      ...(watches ? { watches: matched[n]!.map((m) => m.watch) } : {}),
    }));
  });
  return 0;
}

const explainSpec = {
  ...modelSettings,
  lang: {
    env: 'VAKT_EXPLAIN_LANG',
    flag: '--lang',
    type: 'enum',
    values: ['sv', 'en', 'auto'],
    default: 'auto',
    description: 'Language of the text; auto detects it.',
  },
  watchesFile: {
    env: 'VAKT_WATCHES_FILE',
    flag: '--watches-file',
    type: 'path',
    description:
      'Explain as the pipeline scores: the text is matched against these watches, their domain words apply and their names are read as blank (the same as `vakt score --watches-file`).',
  },
  json: {
    env: 'VAKT_EXPLAIN_JSON',
    flag: '--json',
    type: 'bool',
    default: false,
    description:
      'Print one JSON object: the stored verdict ("sentiment", exactly what `vakt score` and the pipeline give) and the explanation.',
  },
  jsonl: {
    env: 'VAKT_EXPLAIN_JSONL',
    flag: '--jsonl',
    type: 'bool',
    default: false,
    description:
      'Read {"id","text","lang"?} lines on stdin (as `vakt score --jsonl`), write one {"id","label","score",…,"sentiment","lexicon","explanation"} line per input.',
  },
  logLevel: quietLogLevel,
} satisfies ConfigSpec;

/**
 * `vakt explain "text"`: the verdict of the scorer's own engine (the same one `vakt score` and the pipeline run,
 * with the same watch context) and what accounts for it: lexicon tokens and rules, the model's lines and top
 * features, the guard, and why the verdict differs from the lexicon when it does.
 */
export async function explainCommand(io: CommandIo): Promise<number> {
  const { config, positionals } = loadCommandConfig(
    io,
    explainSpec,
    'vakt explain "text" [--lang sv|en] [--watches-file FILE] [--json] | vakt explain --jsonl < mentions.jsonl',
    'Explain how the sentiment engine scores a text.',
  );
  const text = positionals.join(' ');
  if (text.trim() === '' && !config.jsonl) {
    io.stderr.write('vakt explain: give the text to explain, in quotes (or --jsonl to read lines from stdin)\n');
    throw new CommandExit(2);
  }
  const watches = config.watchesFile ? await scoringWatchesFile(config.watchesFile) : undefined;
  const engine = await createScorerEngine(
    createLogger({ name: 'explain', level: config.logLevel }),
    resolveModelDir(config),
    watches?.scoring,
  );
  if (config.jsonl) {
    const { scoreJsonl } = await import('@vakt/sentiment/cli');
    await scoreJsonl(process.stdin as Readable, io.stdout as Writable, io.stderr as Writable, (items) => {
      const matched = items.map((i) => watches?.matcher.match({ text: i.text }) ?? []);
      return engine
        .explain(items.map((i, n) => ({ text: i.text, ...(i.lang ? { lang: i.lang } : {}), matches: matched[n]! })))
        .map((v, n) => {
          const d = asResult(v.detail, v.sentiment);
          return {
            id: items[n]!.id,
            label: v.sentiment.label,
            score: v.sentiment.score,
            sentiment: v.sentiment,
            lexicon: d.lexicon,
            explanation: d.explanation,
            ...(watches ? { watches: matched[n]!.map((m) => m.watch) } : {}),
          };
        });
    });
    return 0;
  }
  const matches = watches?.matcher.match({ text }) ?? [];
  const lang = config.lang === 'sv' || config.lang === 'en' ? config.lang : undefined;
  const [v] = engine.explain([{ text, ...(lang ? { lang } : {}), matches }]);
  const { sentiment } = v!;
  const detail = asResult(v!.detail, sentiment);
  if (config.json) {
    io.stdout.write(
      `${JSON.stringify({ sentiment, lexicon: detail.lexicon, explanation: detail.explanation, ...(watches ? { watches: matches.map((m) => m.watch) } : {}) })}\n`,
    );
    return 0;
  }
  const { formatExplanation } = await import('./explain-format.js');
  if (watches)
    io.stdout.write(`watches matched: ${matches.length ? matches.map((m) => m.watch).join(', ') : '(none)'}\n`);
  io.stdout.write(formatExplanation(text, sentiment, detail));
  return 0;
}

// The lexicon-only fallback returns the lexicon's analysis: shape it like the combined engine's result.
function asResult(detail: unknown, s: Sentiment): SentimentResult {
  const d = detail as Partial<SentimentResult> & { tokens: SentimentResult['tokens'] };
  if (d.lexicon) return d as SentimentResult;
  return {
    ...(d as SentimentResult),
    lexicon: { label: s.label, score: s.score },
    explanation: {
      lines: [{ part: 'lexicon', score: s.score, note: 'lexicon only (the model weights did not load)' }],
      polarity: { bias: 0, lexicon: 0, words: 0, guard: 0, total: 0 },
      lexiconFeatures: [],
      words: [],
      otherWords: 0,
      guard: undefined,
      overrule: undefined,
    },
  };
}
