import { describe, expect, it } from 'vitest';
import { createdAtProblem } from '../src/created-at.js';

const NOW = Date.parse('2026-11-23T10:00:00Z');

describe('createdAtProblem (issue 16: dates the store cannot hold are refused at ingest, with a reason)', () => {
  it.each([
    // back to 3650 days (the longest retention a watch can have), to the second, offsets counted in UTC
    ['2016-11-25T10:00:00Z', undefined],
    ['2016-11-25T11:00:00+01:00', undefined],
    ['2020-02-29T12:00:00Z', undefined],
    // older: no watch can keep it, the retention janitor would delete it at its next run
    ['2016-11-25T09:59:59Z', /more than 3650 days old.*next retention run/],
    ['2000-01-15T12:00:00Z', /more than 3650 days old/],
    ['1970-01-01T00:00:00Z', /more than 3650 days old/],
    // a source labelling Kiritimati local time (UTC+14) as UTC is 14 h ahead: a labelling error, still stored
    ['2026-11-24T00:00:00Z', undefined],
    ['2026-11-24T10:00:00Z', undefined],
    // before DateTime's epoch: not storable
    ['1969-12-31T23:59:59Z', /before 1970-01-01T00:00:00Z/],
    ['1970-01-01T00:30:00+01:00', /before 1970-01-01T00:00:00Z/],
    ['0001-01-01T00:00:00Z', /before 1970/],
    // past DateTime's last second (2106-02-07T06:28:15Z): not storable, even half a second past it
    ['2106-02-07T06:28:15.500Z', /after 2106-02-07T06:28:15Z/],
    ['9999-12-31T23:59:59Z', /after 2106/],
    // storable but more than a day ahead of the clock: a wrong date, not a clock or time-zone difference
    ['2026-11-24T10:00:01Z', /more than 24 hours ahead/],
    ['2100-01-01T00:00:00Z', /more than 24 hours ahead/],
  ])('%s', (createdAt, expected) => {
    const problem = createdAtProblem(createdAt, NOW);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
    if (problem) expect(problem).toMatch(/^\/created_at: /);
  });
});
