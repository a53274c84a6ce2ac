import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { layoutRows, rowAtY, GROUP_HEIGHT, LANE_HEIGHT, ROW_PAD, type ViewRow } from '../../../webview/rowLayout';

const rows: ViewRow[] = [
  { id: 'p1', parentId: null, label: 'python3 [1066]', kind: 'process', lanes: 1, eventCount: 0 },
  { id: 't1', parentId: 'p1', label: 'python3 [1103]', kind: 'thread', lanes: 1, eventCount: 0 },
  { id: 't1/nvtx', parentId: 't1', label: 'NVTX', kind: 'nvtx', lanes: 3, eventCount: 40 },
  { id: 't1/cuda', parentId: 't1', label: 'CUDA API', kind: 'cuda-api', lanes: 1, eventCount: 0 },
  { id: 't1/osrt', parentId: 't1', label: 'OS runtime', kind: 'osrt', lanes: 1, eventCount: 12 },
  { id: 't2', parentId: 'p1', label: 'idle [1104]', kind: 'thread', lanes: 1, eventCount: 0 },
  { id: 'g0', parentId: null, label: 'GPU 0', kind: 'gpu', lanes: 1, eventCount: 0 },
  { id: 'g0/util', parentId: 'g0', label: 'Utilization', kind: 'gpuUtil', lanes: 1, eventCount: 100 },
  { id: 's7', parentId: 'g0', label: 'Stream 7', kind: 'kernels', lanes: 1, eventCount: 500 },
];

test('empty rows and groups without content are hidden; y positions stack', () => {
  const l = layoutRows(rows, new Set());
  assert.deepEqual(l.rows.map((r) => r.row.id), ['p1', 't1', 't1/nvtx', 't1/osrt', 'g0', 'g0/util', 's7']);
  assert.equal(l.rows[2].h, 3 * LANE_HEIGHT + 2 * ROW_PAD);
  assert.equal(l.rows[0].h, GROUP_HEIGHT);
  for (let i = 1; i < l.rows.length; i++) assert.equal(l.rows[i].y, l.rows[i - 1].y + l.rows[i - 1].h);
  assert.equal(l.height, l.rows[l.rows.length - 1].y + l.rows[l.rows.length - 1].h);
  assert.deepEqual(l.rows.map((r) => r.level), [0, 1, 2, 2, 0, 1, 1]);
  assert.ok(l.rows[0].isGroup && !l.rows[2].isGroup);
});

test('collapsing a group hides its subtree; rowAtY finds rows by pixel', () => {
  const l = layoutRows(rows, new Set(['p1']));
  assert.deepEqual(l.rows.map((r) => r.row.id), ['p1', 'g0', 'g0/util', 's7']);
  assert.ok(l.rows[0].collapsed);
  assert.equal(rowAtY(l, 0)?.row.id, 'p1');
  assert.equal(rowAtY(l, GROUP_HEIGHT + 1)?.row.id, 'g0');
  assert.equal(rowAtY(l, l.height + 5), undefined);
  for (const r of l.rows) assert.equal(rowAtY(l, r.y + r.h / 2)?.row.id, r.row.id);
});
