import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { messages } from '../catalogue/messages.js';
import type { FormatContext } from './format-context.js';
import { formatSarif, toSarifLog } from './sarif.js';

const ctx: FormatContext = { getSource: () => undefined, color: true, toolVersion: '0.1.0' };

const ds: Diagnostic[] = [
  {
    code: 'CP2001',
    severity: 'error',
    file: 'scripts/b.py',
    line: 2,
    column: 12,
    endColumn: 19,
    message: 'Package "Foo_Bar" has upper-case letters.',
    hint: 'Use lower-case letters, e.g. "foo-bar".',
  },
  {
    code: 'CP1101',
    severity: 'error',
    file: 'scripts/my jobs/a#1.sh',
    line: 3,
    column: 3,
    endLine: 5,
    endColumn: 4,
    message: '<crontab> is never closed.',
  },
  { code: 'CP1106', severity: 'warning', file: 'scripts/a.sh', line: 4, column: 3, message: 'Unknown key "x".', hint: 'Did you mean "time"?' },
  { code: 'CP1106', severity: 'warning', file: 'scripts/a.sh', line: 9, column: 3, message: 'Unknown key "y".' },
];

test('required SARIF 2.1.0 fields', () => {
  const log = JSON.parse(formatSarif(ds, ctx));
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'cronpack');
  assert.equal(run.tool.driver.version, '0.1.0');
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.equal(run.results.length, 4);
  assert.equal('originalUriBaseIds' in run, false, 'no root, no base ids');
});

test('rules: one per code that occurs, sorted, from the catalogue', () => {
  const { rules } = toSarifLog(ds, ctx).runs[0].tool.driver;
  assert.deepEqual(rules.map((r) => r.id), ['CP1101', 'CP1106', 'CP2001']);
  const [unclosed, unknown, badName] = rules;
  assert.deepEqual(unclosed, {
    id: 'CP1101',
    name: 'UnclosedTag',
    shortDescription: { text: messages.unclosedTag.title },
    fullDescription: { text: messages.unclosedTag.hint },
    help: {
      text: messages.unclosedTag.hint,
      markdown: '**Unclosed \\<crontab\\> tag**\n\nAdd a line "\\</crontab\\>" after the last key of this block.',
    },
    defaultConfiguration: { level: 'error' },
  });
  // A hint that is only a placeholder is replaced by the title; severity comes from the catalogue.
  assert.equal(unknown?.name, 'UnknownKey');
  assert.equal(unknown?.fullDescription.text, 'Unknown key');
  assert.equal(unknown?.defaultConfiguration.level, 'warning');
  // A hint with placeholders is not shown raw.
  assert.equal(badName?.fullDescription.text, 'Invalid package name');
});

test('results: ruleId/ruleIndex point at their rule, level, message with hint, location', () => {
  const run = toSarifLog(ds, ctx).runs[0];
  const ids = run.tool.driver.rules.map((r) => r.id);
  for (const result of run.results) {
    assert.ok(ids.includes(result.ruleId), result.ruleId);
    assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
  }
  // Sorted like every other format: file, line, column.
  assert.deepEqual(
    run.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri),
    ['scripts/a.sh', 'scripts/a.sh', 'scripts/b.py', 'scripts/my%20jobs/a%231.sh'],
  );
  const [first, second, third, fourth] = run.results;
  assert.deepEqual(first, {
    ruleId: 'CP1106',
    ruleIndex: 1,
    level: 'warning',
    message: { text: 'Unknown key "x".\nhint: Did you mean "time"?' },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'scripts/a.sh', uriBaseId: '%SRCROOT%' },
          region: { startLine: 4, startColumn: 3 },
        },
      },
    ],
  });
  assert.equal(second?.message.text, 'Unknown key "y".');
  assert.equal(third?.level, 'error');
  assert.deepEqual(third?.locations[0]?.physicalLocation.region, { startLine: 2, startColumn: 12, endColumn: 19 });
  assert.deepEqual(fourth?.locations[0]?.physicalLocation.region, { startLine: 3, startColumn: 3, endLine: 5, endColumn: 4 });
});

test('originalUriBaseIds: file URI of the root with a trailing slash', () => {
  const withRoot = toSarifLog(ds, { ...ctx, root: '/srv/repos/my scripts' }).runs[0];
  assert.deepEqual(withRoot.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///srv/repos/my%20scripts/' } });
  const slashed = toSarifLog(ds, { ...ctx, root: '/srv/repo/' }).runs[0];
  assert.equal(slashed.originalUriBaseIds?.['%SRCROOT%'].uri, 'file:///srv/repo/');
});

test('a code outside the catalogue still gets a rule', () => {
  const run = toSarifLog([{ code: 'CP9999', severity: 'warning', file: 'f', line: 1, column: 1, message: 'm' }], ctx).runs[0];
  assert.equal(run.tool.driver.rules[0]?.id, 'CP9999');
  assert.equal(run.tool.driver.rules[0]?.defaultConfiguration.level, 'warning');
  assert.equal(run.results[0]?.ruleIndex, 0);
});

test('deterministic and empty-safe', () => {
  const one = formatSarif(ds, ctx);
  assert.equal(formatSarif([...ds].reverse(), ctx), one);
  assert.ok(one.endsWith('}\n'));
  const empty = JSON.parse(formatSarif([], ctx));
  assert.deepEqual(empty.runs[0].results, []);
  assert.deepEqual(empty.runs[0].tool.driver.rules, []);
});
