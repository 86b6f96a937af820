import { describe, expect, it } from 'vitest';
import { bearerCredentials, tokenClients } from '@vakt/pipeline/http-auth';

describe('bearerCredentials', () => {
  it.each([
    // the canonical form
    ['Bearer abc', 'abc'],
    // the scheme is case-insensitive (RFC 9110 §11.1)
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    // more than one space, a tab, surrounding blanks: the same credentials
    ['Bearer   abc', 'abc'],
    ['Bearer\tabc', 'abc'],
    ['  Bearer abc  ', 'abc'],
    // another scheme, no credentials, two credentials: none
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer ', undefined],
    ['Bearer a b', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, expected) => {
    expect(bearerCredentials(header)).toBe(expected);
  });
});

describe('tokenClients', () => {
  const identify = tokenClients(['first-token', 'second-token']);

  it('names the client by the position of its token, whatever the header spelling', () => {
    expect(identify('Bearer first-token')).toBe('token 1');
    expect(identify('bearer   second-token')).toBe('token 2');
  });

  it('refuses unknown tokens, prefixes, extensions and case changes of the token itself', () => {
    for (const h of ['Bearer first', 'Bearer first-token-x', 'Bearer FIRST-TOKEN', 'Bearer ', 'first-token', undefined])
      expect(identify(h)).toBeUndefined();
  });

  it('with no tokens configured, knows no client', () => {
    expect(tokenClients([])('Bearer anything')).toBeUndefined();
  });
});
