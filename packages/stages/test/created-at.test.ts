import { describe, expect, it } from 'vitest';
import { prepareMentions, type WatchMatcher } from '@vakt/stages/ingest';

const matcher: WatchMatcher = { match: () => [{ watch: 'fk', entities: [] }], has: (w) => w === 'fk' };
const now = () => Date.parse('2026-11-23T10:00:00Z');
const item = (id: string, created_at: string) => ({ id, source: 'http', text: 'Kassan', created_at });

// Issue 16: a created_at the store cannot hold was accepted (202) and then dead-lettered by the sink; it is now
// rejected at ingest with a per-item reason, and its neighbours go on.
describe('prepareMentions refuses created_at the store cannot hold, per item', () => {
  it('rejects before 1970, after 2106, older than any retention and more than a day ahead; accepts the rest', () => {
    const r = prepareMentions(
      [
        item('2017', '2017-01-01T00:00:00Z'),
        item('old', '1969-07-20T20:17:00Z'),
        item('2003', '2003-03-15T12:00:00Z'),
        item('far', '2107-01-01T00:00:00Z'),
        item('ahead', '2027-01-01T00:00:00Z'),
        item('tz', '2026-11-23T22:00:00Z'),
      ],
      { matcher, now },
    );
    expect(r.accepted.map((m) => m.id)).toEqual(['2017', 'tz']);
    expect(r.rejected.map(({ index, id, code }) => ({ index, id, code }))).toEqual([
      { index: 1, id: 'old', code: 'VAKT_SCHEMA_INVALID' },
      { index: 2, id: '2003', code: 'VAKT_SCHEMA_INVALID' },
      { index: 3, id: 'far', code: 'VAKT_SCHEMA_INVALID' },
      { index: 4, id: 'ahead', code: 'VAKT_SCHEMA_INVALID' },
    ]);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      expect.stringMatching(/^MentionInput \/created_at: 1969-07-20T20:17:00Z is before 1970/),
      expect.stringMatching(/2003-03-15T12:00:00Z is more than 3650 days old/),
      expect.stringMatching(/after 2106-02-07T06:28:15Z/),
      expect.stringMatching(/more than 24 hours ahead of this server's clock \(2026-11-23T10:00:00.000Z\)/),
    ]);
  });
});
