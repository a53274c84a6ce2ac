import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sortAndFilter, type Column } from '../../../webview/dataTable';
import { argbToCss, colorForName, hashName, textColorFor } from '../../../webview/colors';

interface R {
  name: string;
  total: number;
}
const cols: Column<R>[] = [
  { key: 'name', label: 'Name', value: (r) => r.name },
  { key: 'total', label: 'Total', numeric: true, value: (r) => r.total },
];
const rows: R[] = [
  { name: 'cudaMemcpyAsync', total: 30 },
  { name: 'cudaLaunchKernel', total: 120 },
  { name: 'cudaStreamSynchronize', total: 70 },
  { name: '<img onerror=x>', total: 1 },
];

test('tables sort by any column in both directions and filter by name, case-insensitively', () => {
  assert.deepEqual(sortAndFilter(rows, cols, 'total', true, '').map((r) => r.total), [120, 70, 30, 1]);
  assert.deepEqual(sortAndFilter(rows, cols, 'total', false, '').map((r) => r.total), [1, 30, 70, 120]);
  assert.deepEqual(sortAndFilter(rows, cols, 'name', false, '').map((r) => r.name)[0], '<img onerror=x>');
  assert.deepEqual(sortAndFilter(rows, cols, 'total', true, 'MEMCPY').map((r) => r.name), ['cudaMemcpyAsync']);
  assert.deepEqual(sortAndFilter(rows, cols, 'total', true, '70'), [], 'numbers are not matched as names');
  assert.deepEqual(sortAndFilter(rows, cols, 'nope', false, '').map((r) => r.name)[0], '<img onerror=x>', 'unknown keys sort by the first column');
  assert.equal(rows[0].name, 'cudaMemcpyAsync', 'the input is not reordered');
});

test('colours are stable per name, NVTX ARGB is honoured, text stays readable', () => {
  assert.equal(colorForName('infer'), colorForName('infer'));
  assert.notEqual(colorForName('infer'), colorForName('decode'));
  assert.equal(hashName(''), 0x811c9dc5);
  assert.equal(argbToCss(0xff76b900), '#76b900');
  assert.equal(argbToCss(0x00000001), '#000001');
  assert.equal(textColorFor('#ffffff'), '#000');
  assert.equal(textColorFor('#101010'), '#fff');
  assert.equal(textColorFor('hsl(10 50% 40%)'), '#fff');
  assert.equal(textColorFor('hsl(10 50% 60%)'), '#000');
});

test('CUDA API names read as in cuda_api_sum (a 4-digit _vNNNN suffix dropped)', async () => {
  const { apiDisplayName } = await import('../../../webview/timeline');
  assert.equal(apiDisplayName('cudaLaunchKernel_v7000'), 'cudaLaunchKernel');
  assert.equal(apiDisplayName('cudaMemcpyAsync_v3020'), 'cudaMemcpyAsync');
  assert.equal(apiDisplayName('cuLibraryLoadData'), 'cuLibraryLoadData');
  assert.equal(apiDisplayName('cudaFoo_v12000'), 'cudaFoo_v12000');
});
