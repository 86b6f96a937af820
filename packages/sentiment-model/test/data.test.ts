import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDataDir, loadCorpus } from '../src/data.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function dataDir(files: Record<string, string>): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'vakt-data-'));
  dirs.push(d);
  for (const [f, body] of Object.entries(files)) {
    await mkdir(join(d, f, '..'), { recursive: true });
    await writeFile(join(d, f), body);
  }
  return d;
}
const row = (o: object) => JSON.stringify(o);

describe('loadCorpus', () => {
  it('tags sets, keeps splits, marks Mozetič polarity-only and TweetEval dev-only', async () => {
    const d = await dataDir({
      'mozetic-twitter/sv-train-dev.jsonl': row({ id: 'm1', text: 'a', lang: 'sv', label: 'negative', split: 'train' }),
      'tweeteval/validation.jsonl': row({ id: 't1', text: 'b', lang: 'en', label: 'neutral', split: 'train' }),
      'swe-sentiment/train-dev.jsonl': `${row({ id: 's1', text: 'c', lang: 'sv', label: 'positive', split: 'dev' })}\n\n`,
    });
    const c = await loadCorpus(d);
    const by = Object.fromEntries(c.examples.map((e) => [e.id, e]));
    expect(by.m1).toMatchObject({ set: 'mozetic-sv', polarityOnly: true, split: 'train' });
    expect(by.t1).toMatchObject({ set: 'tweeteval', split: 'dev' });
    expect(by.s1).toMatchObject({ set: 'swe-sentiment', split: 'dev', polarityOnly: false });
    expect(c.files.map((f) => f.set).sort()).toEqual(['mozetic-sv', 'swe-sentiment', 'tweeteval']);
    expect(c.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
  });

  it('names file and line of a malformed row', async () => {
    const d = await dataDir({ 'swe-sentiment/train-dev.jsonl': `${row({ text: 'ok', label: 'positive' })}\n{oops` });
    await expect(loadCorpus(d)).rejects.toMatchObject({
      code: 'VAKT_CONFIG_INVALID',
      message: expect.stringMatching(/train-dev\.jsonl:2/),
    });
  });

  it('says where it looked when there is no data at all', async () => {
    const d = await dataDir({});
    await expect(loadCorpus(d)).rejects.toMatchObject({
      code: 'VAKT_CONFIG_INVALID',
      message: expect.stringContaining('VAKT_SENTIMENT_DATA'),
    });
  });

  it('VAKT_SENTIMENT_DATA overrides the default ../shared/data/sentiment', () => {
    expect(defaultDataDir('/repo', {})).toBe('/shared/data/sentiment');
    expect(defaultDataDir('/repo', { VAKT_SENTIMENT_DATA: '/data/x' })).toBe('/data/x');
  });
});
