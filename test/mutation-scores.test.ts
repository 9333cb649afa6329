// scripts/mutation-scores.js: the scores `npm run test:mutation` prints against the goals, from Stryker's JSON report.
const { scores, format } = require('../scripts/mutation-scores');
const { forgetStatic } = require('../scripts/mutation-forget-static');

interface Mutant { status: string; line?: number; mutatorName?: string; replacement?: string; static?: boolean }

function report(files: Record<string, Mutant[]>): unknown {
  return {
    files: Object.fromEntries(Object.entries(files).map(([file, mutants]) => [file, {
      mutants: mutants.map((m, i) => ({
        id: String(i), status: m.status, mutatorName: m.mutatorName ?? 'StringLiteral', replacement: m.replacement ?? '""', static: m.static ?? false,
        location: { start: { line: m.line ?? 1, column: 2 }, end: { line: m.line ?? 1, column: 9 } },
      })),
    }])),
  };
}

const of = (status: string, n: number): Mutant[] => Array.from({ length: n }, () => ({ status }));

test('counts timed-out mutants as killed and leaves errors and ignored mutants out of the score', () => {
  // GIVEN 17 killed, 2 timed out, 1 survived and 1 not covered, plus 3 errors and 5 ignored
  const result = scores([report({
    'lib/mysql-backend.ts': [...of('Killed', 17), ...of('Timeout', 2), ...of('Survived', 1), ...of('NoCoverage', 1),
      ...of('CompileError', 2), ...of('RuntimeError', 1), ...of('Ignored', 5)],
  })]);
  // THEN the score is 19 of 21
  expect(result.groups[0].files).toEqual([{
    file: 'lib/mysql-backend.ts', mutants: 29, killed: 17, timeout: 2, survived: 1, noCoverage: 1, errors: 3, ignored: 5, score: (100 * 19) / 21,
  }]);
  expect(result.groups[0]).toMatchObject({ name: 'constructs', goal: 95, met: false });
});

test('groups files under lib/check/ with the checker and the rest with the constructs, each against its goal', () => {
  const result = scores([report({
    'lib/check/netpol.ts': [...of('Killed', 85), ...of('Survived', 15)],
    'lib/_network.ts': [...of('Killed', 95), ...of('Survived', 5)],
    'lib/check/wiring.ts': [],
  })]);
  type Group = { name: string; files: { file: string }[]; total: { score: number }; met: boolean };
  expect(result.groups.map((g: Group) => [g.name, g.files.map((f) => f.file), g.total.score, g.met])).toEqual([
    ['constructs', ['lib/_network.ts'], 95, true],
    ["checker's policy and wiring rules", ['lib/check/netpol.ts', 'lib/check/wiring.ts'], 85, true],
  ]);
});

test('takes a file from the last report that has it, and says a group without mutants is not measured', () => {
  const first = report({ 'lib/debug-client.ts': of('Survived', 4), 'lib/_client.ts': of('Killed', 1) });
  const second = report({ 'lib/debug-client.ts': of('Killed', 4) });
  const result = scores([first, second]);
  expect(result.groups[0].total).toMatchObject({ mutants: 5, killed: 5, score: 100 });
  expect(result.groups[1]).toMatchObject({ total: { score: null }, met: null });
  expect(format(result)).toContain("checker's policy and wiring rules: not measured\n");
});

test('lists every survivor and uncovered mutant with its place, mutator and replacement, and marks static ones', () => {
  const result = scores([report({
    'lib/_network.ts': [{ status: 'Survived', line: 12, mutatorName: 'ArrayDeclaration', replacement: '[]' }, { status: 'Killed' },
      { status: 'NoCoverage', line: 40, mutatorName: 'ConditionalExpression', replacement: 'true' },
      { status: 'Survived', line: 3, replacement: '""', static: true }],
  })]);
  expect(format(result).split('\n').slice(-5)).toEqual([
    'survivors: 3',
    '  lib/_network.ts:12:2 ArrayDeclaration: "[]"',
    '  lib/_network.ts:40:2 ConditionalExpression (not covered): "true"',
    '  lib/_network.ts:3:2 StringLiteral (static): "\\"\\""',
    '',
  ]);
});

test('forgets the surviving static mutants of an incremental file, and keeps the rest', () => {
  // GIVEN a file's static survivor, static killed mutant and survivor covered by a test
  const incremental = report({
    'lib/check/rules/service-no-pods.ts': [{ status: 'Survived', static: true }, { status: 'Killed', static: true }, { status: 'Survived' }],
  }) as { files: Record<string, { mutants: { id: string }[] }> };
  // THEN the static survivor alone is dropped, so that the next incremental run measures it again
  expect(forgetStatic(incremental)).toBe(1);
  expect(incremental.files['lib/check/rules/service-no-pods.ts'].mutants.map((m) => m.id)).toEqual(['1', '2']);
});
