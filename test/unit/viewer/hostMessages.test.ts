import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHostMessage, parseViewerState, parseWebviewMessage, TRACE_METHODS } from '../../../webview/hostMessages';

test('webview messages are validated before the host acts on them', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'request', id: 3, method: 'view', params: { t0: 1 } }), { type: 'request', id: 3, method: 'view', params: { t0: 1 } });
  // Unknown methods cannot reach arbitrary LSP requests.
  assert.equal(parseWebviewMessage({ type: 'request', id: 3, method: 'open', params: {} }), undefined);
  assert.equal(parseWebviewMessage({ type: 'request', id: 3, method: '../../workspace/executeCommand', params: {} }), undefined);
  assert.equal(parseWebviewMessage({ type: 'request', id: '3', method: 'view', params: {} }), undefined);
  assert.equal(parseWebviewMessage({ type: 'request', id: 3, method: 'view', params: [] }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'openSource', name: 'infer', domain: '' }), { type: 'openSource', name: 'infer', domain: '' });
  assert.equal(parseWebviewMessage({ type: 'openSource', name: 5, domain: '' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'openSource', name: 'x'.repeat(5000), domain: '' }), undefined);
  assert.equal(parseWebviewMessage('ready'), undefined);
  assert.equal(parseWebviewMessage(null), undefined);
  assert.equal(parseWebviewMessage({ type: 'eval', code: 'x' }), undefined);
  const vc = parseWebviewMessage({ type: 'viewChanged', state: { t0: 1, t1: 2, scrollY: -5, collapsed: ['p1', 3], sideTab: 'nvtx' } });
  assert.deepEqual(vc, { type: 'viewChanged', state: { t0: 1, t1: 2, scrollY: 0, collapsed: ['p1'], sideTab: 'nvtx', selection: undefined, focus: undefined, compare: undefined } });
  assert.deepEqual(parseWebviewMessage({ type: 'reload' }), { type: 'reload' });
  assert.ok(!TRACE_METHODS.includes('open' as never), 'the webview cannot open files itself');
});

test('host messages are validated by the webview', () => {
  const info = { traceId: 't1', title: 'a.sqlite', startNs: 0, endNs: 10, warnings: [] };
  assert.deepEqual(parseHostMessage({ type: 'loaded', info }), { type: 'loaded', info, compareWith: undefined, restoreState: undefined, sources: undefined });
  assert.deepEqual(parseHostMessage({ type: 'loaded', info, sources: ['file:///a.sqlite', 'file:///b.sqlite'] })?.type === 'loaded' && parseHostMessage({ type: 'loaded', info, sources: ['file:///a.sqlite', 'file:///b.sqlite'] }), { type: 'loaded', info, compareWith: undefined, restoreState: undefined, sources: ['file:///a.sqlite', 'file:///b.sqlite'] });
  assert.equal(parseHostMessage({ type: 'loaded', info: { ...info, warnings: [1] } }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'response', id: 1, result: { a: 1 } }), { type: 'response', id: 1, result: { a: 1 }, error: undefined });
  assert.deepEqual(parseHostMessage({ type: 'response', id: 1, error: 'boom' }), { type: 'response', id: 1, result: undefined, error: 'boom' });
  assert.equal(parseHostMessage({ type: 'reveal', t0: 5, t1: 5 }), undefined, 'empty windows are refused');
  assert.deepEqual(parseHostMessage({ type: 'loading', title: 'x', message: 'm', fraction: 0.5, cancellable: true }), { type: 'loading', title: 'x', message: 'm', fraction: 0.5, cancellable: true });
  assert.deepEqual(parseHostMessage({ type: 'error', title: 'x', message: '<b>no</b>' }), { type: 'error', title: 'x', message: '<b>no</b>', cancelled: false, reloadable: false });
  assert.deepEqual(parseHostMessage({ type: 'error', title: 'x', message: 'Loading cancelled.', cancelled: true, reloadable: true }), { type: 'error', title: 'x', message: 'Loading cancelled.', cancelled: true, reloadable: true });
  assert.equal(parseHostMessage({ type: 'error', title: 'x' }), undefined);
});

test('persisted view state from an older or broken viewer is refused, not trusted', () => {
  assert.equal(parseViewerState(undefined), undefined);
  assert.equal(parseViewerState({ t0: 5, t1: 1 }), undefined);
  assert.equal(parseViewerState({ t0: Number.NaN, t1: 1 }), undefined);
  assert.deepEqual(parseViewerState({ t0: 1, t1: 5, selection: { t0: 2, t1: 3 } }), { t0: 1, t1: 5, scrollY: 0, collapsed: [], sideTab: undefined, selection: { t0: 2, t1: 3 }, focus: undefined, compare: undefined });
});

test('the keyboard selection and a compare panel\'s files, views and anchors persist; broken parts are dropped', () => {
  const focus = { rowId: 'p1/t1/nvtx', index: 7, name: 'infer', startNs: 10, endNs: 20, depth: 1 };
  const s = parseViewerState({
    t0: 1,
    t1: 5,
    focus,
    compare: {
      sources: ['file:///w/a.sqlite', 'file:///w/b.sqlite'],
      b: { t0: 100, t1: 200, scrollY: 12, collapsed: ['gpu0'] },
      anchorA: { kind: 'nvtx', name: ':infer', instance: 2 },
      anchorB: { kind: 'range', t0: 150, t1: 160 },
      aligned: true,
    },
  });
  assert.deepEqual(s?.focus, focus);
  assert.deepEqual(s?.compare, {
    sources: ['file:///w/a.sqlite', 'file:///w/b.sqlite'],
    b: { t0: 100, t1: 200, scrollY: 12, collapsed: ['gpu0'], selection: undefined, focus: undefined },
    anchorA: { kind: 'nvtx', name: ':infer', instance: 2 },
    anchorB: { kind: 'range', t0: 150, t1: 160 },
    aligned: true,
  });
  // A compare state without exactly two files is no compare state; bad anchors and focus are dropped.
  assert.equal(parseViewerState({ t0: 1, t1: 5, compare: { sources: ['file:///a'], aligned: true } })?.compare, undefined);
  const broken = parseViewerState({ t0: 1, t1: 5, focus: { rowId: 3 }, compare: { sources: ['a', 'b'], anchorA: { kind: 'nvtx', name: 'x', instance: -1 }, anchorB: { kind: 'eval' }, aligned: 'yes' } });
  assert.equal(broken?.focus, undefined);
  assert.deepEqual(broken?.compare, { sources: ['a', 'b'], b: undefined, anchorA: undefined, anchorB: undefined, aligned: false });
});
