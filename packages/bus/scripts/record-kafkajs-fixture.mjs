// Records test/fixtures/kafkajs-produce-v3.json from an UNPATCHED kafkajs 2.2.4 tree, so the patched tree can be held
// to upstream's bytes. Make one by reversing the patch on a copy of the installed package:
//   cp -r "$(node -p "require.resolve('kafkajs/package.json').replace(/package.json$/,'')")" /tmp/kafkajs-upstream
//   (cd /tmp/kafkajs-upstream && patch -R -p1 < ../../path/to/patches/kafkajs@2.2.4.patch)
//   node scripts/record-kafkajs-fixture.mjs /tmp/kafkajs-upstream
import { writeFileSync, readFileSync } from 'node:fs';
import { encodeCases } from '../test/fixtures/kafkajs-produce-cases.mjs';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/record-kafkajs-fixture.mjs <unpatched kafkajs dir>');
const root = dir.endsWith('/') ? dir : `${dir}/`;
if (readFileSync(`${root}src/protocol/encoder.js`, 'utf8').includes('vakt patch'))
  throw new Error(`${root} is the patched tree`);
const cases = await encodeCases(root);
writeFileSync(
  new URL('../test/fixtures/kafkajs-produce-v3.json', import.meta.url),
  `${JSON.stringify(cases, null, 1)}\n`,
);
console.log(
  Object.entries(cases)
    .map(([k, v]) => `${k}: ${v.plainBytes} bytes`)
    .join(', '),
);
