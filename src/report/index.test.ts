import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { defaultFormat, formatNames, formatters, isFormatName, type FormatContext } from './index.js';

const ctx: FormatContext = {
  getSource: () => '# <crontab>\n',
  color: false,
  toolVersion: '0.1.0',
  filesChecked: 1,
  root: '/repo',
};
const d: Diagnostic = { code: 'CP1101', severity: 'error', file: 'a.sh', line: 1, column: 3, message: 'never closed' };

test('registry: the four formats, stylish by default', () => {
  assert.deepEqual(formatNames, ['github', 'json', 'sarif', 'stylish']);
  assert.equal(defaultFormat, 'stylish');
  assert.equal(isFormatName('sarif'), true);
  assert.equal(isFormatName('toString'), false, 'inherited names are not formats');
  assert.equal(isFormatName('xml'), false);
});

test('every formatter is pure: same input, same output, and it mentions the problem', () => {
  for (const name of formatNames) {
    const first = formatters[name]([d], ctx);
    assert.equal(formatters[name]([d], ctx), first, name);
    assert.ok(first.includes('CP1101'), `${name} names the code`);
    assert.ok(first.endsWith('\n'), `${name} ends with a newline`);
  }
});
