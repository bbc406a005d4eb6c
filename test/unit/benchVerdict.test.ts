// The benchmark's verdicts: a budget relative to a baseline measured in the same run fails when missed;
// an absolute time is reported without a verdict; a row that measured nothing fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGrowthBudgets } from '../bench/render/renderBench';
import { type Row, verdict } from '../bench/report';

const perKbRow = (bench: string, figure: string, value: number): Row => ({ bench, figure, unit: 'ms/KB', values: [value] });

test('render cost per KB that grows with the answer misses its budget (1.5 × the 10 KB answer, same run)', () => {
  const rows = [
    perKbRow('render 1 MB, back to back', 'scripting per KB', 17.9),
    perKbRow('render 1 MB, back to back', 'main-thread time per KB (CPU)', 35.9),
    perKbRow('render 100 KB, back to back', 'scripting per KB', 5.66),
    perKbRow('render 10 KB, back to back', 'scripting per KB', 6.33),
  ];
  addGrowthBudgets(rows, { '10 KB': { script: 6.33, main: 24.8 } });
  assert.deepEqual(rows.map((r) => verdict(r).pass), [false, true, true, undefined]);
  assert.equal(rows[0].budget?.text, "≤ 9.50 (1.5 × 10 KB's)");
});

test('an absolute time is reported, not judged; a row that measured nothing fails', () => {
  const absolute: Row = { ...perKbRow('x', 'y', 99), budget: { op: '<=', value: 1, text: '≤ 1 ms/KB' } };
  assert.deepEqual(verdict(absolute), { pass: undefined, text: 'reported (absolute time: not judged)' });
  assert.equal(verdict({ ...absolute, budget: { ...absolute.budget!, relative: true }, values: [] }).pass, false);
  assert.equal(verdict({ ...absolute, error: 'not traced' }).pass, false);
});
