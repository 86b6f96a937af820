import { expect, it } from 'vitest';
import { storageTarget } from '../src/storage-target.js';

it('one node: the table itself and the node’s own system tables', () => {
  const t = storageTarget({}, 'mentions');
  expect({ alter: t.alter.text, table: t.table, mutations: t.system('mutations').text }).toEqual({
    alter: 'vakt.mentions',
    table: 'mentions',
    mutations: 'system.mutations',
  });
});

it('a cluster: the replicated *_local table ON CLUSTER (Distributed tables refuse mutations), system tables of every shard', () => {
  const t = storageTarget({ cluster: "it's" }, 'dead_letters');
  expect({ alter: t.alter.text, table: t.table, parts: t.system('parts').text }).toEqual({
    alter: "vakt.dead_letters_local ON CLUSTER 'it\\'s'",
    table: 'dead_letters_local',
    parts: "cluster('it\\'s', system, parts)",
  });
});

it('refuses anything but a plain table name: it is spliced into SQL', () => {
  expect(() => storageTarget({}, 'mentions; DROP TABLE x')).toThrow(/not a Vakt table name/);
});
