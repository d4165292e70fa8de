/**
 * lib/api/ipv6.ts against Node's own parser (`net.isIP`), which the schema used before the
 * construct entry had to stop loading node: modules: the same answer on every address below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { isIPv6 } from '../../lib/api/ipv6.js';

/** Node's answer for an address without a zone (the spec takes none: `%eth0` means nothing in a pod's /etc/hosts). */
const nodeSays = (text: string) => !text.includes('%') && isIP(text) === 6;

test('known addresses and near misses', () => {
  const cases = [
    '::',
    '::1',
    '1::',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7::',
    '::2:3:4:5:6:7:8',
    '1::8',
    'fe80::1:2',
    '::ffff:192.0.2.1',
    '::192.0.2.1',
    '1:2:3:4:5:6:192.0.2.1',
    '1::6:192.0.2.1',
    'ABCD:ef01::',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':1',
    '1:',
    ':::',
    '12345::',
    'g::',
    '1:2:3:4:5:6:7',
    '1.2.3.4',
    '::ffff:01.2.3.4',
    '::ffff:256.1.1.1',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '1:2:3:4:5:6:7:1.2.3.4',
    '1:2:3:4:5:6::1.2.3.4',
    '',
    '::%eth0',
    'fe80::1%eth0',
  ];
  for (const text of cases) assert.equal(isIPv6(text), nodeSays(text), text);
});

test('generated addresses: the same answer as net.isIP', () => {
  // A small deterministic generator (no seed to keep): groups, compressions and IPv4 tails.
  let state = 12345;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const pieces = ['0', '1', 'ff', 'abcd', '12345', 'g', '', '1.2.3.4', '255.0.0.1', '01.2.3.4', '300.1.1.1'];
  for (let i = 0; i < 20000; i++) {
    const length = 1 + next(10);
    const groups = Array.from({ length }, () => pieces[next(pieces.length)]!);
    const text = groups.join(next(4) === 0 ? '::' : ':').replace(/^/, next(6) === 0 ? '::' : '');
    assert.equal(isIPv6(text), nodeSays(text), text);
  }
});
