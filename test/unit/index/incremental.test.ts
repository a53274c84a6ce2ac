import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { NvtxIndex } from '../../../server/index/nvtxIndex';
import { mapRemotePath } from '../../../server/index/pathMapping';

test('update replaces a file\'s sites and remove drops them', () => {
  const index = new NvtxIndex();
  index.update('/ws/a.py', 'import nvtx\nnvtx.push_range("load")\n');
  index.update('/ws/b.py', 'import nvtx\nnvtx.push_range("load")\nnvtx.push_range(f"frame {i}")\n');
  assert.equal(index.resolve('load').length, 2);
  assert.equal(index.resolve('frame 3')[0].match, 'template');
  index.update('/ws/b.py', 'import nvtx\n\n\nnvtx.push_range("load2")\n');
  assert.deepEqual(index.resolve('load').map((c) => c.file), ['/ws/a.py']);
  assert.equal(index.resolve('frame 3').length, 0, 'the template went away with the edit');
  assert.equal(index.resolve('load2')[0].line, 3);
  index.remove('/ws/a.py');
  assert.equal(index.resolve('load').length, 0);
  assert.equal(index.has('/ws/a.py'), false);
  index.remove('/ws/never-indexed.py');
  assert.equal(index.fileCount, 1);
});

test('config edits change the GIE map', () => {
  const index = new NvtxIndex();
  index.update('/ws/p.txt', '[property]\ngie-unique-id=2\n');
  assert.deepEqual([...index.gieConfigs.keys()], [2]);
  index.update('/ws/p.txt', '[property]\ngie-unique-id=5\n');
  assert.deepEqual([...index.gieConfigs.keys()], [5]);
  index.remove('/ws/p.txt');
  assert.equal(index.gieConfigs.size, 0);
});

test('exact literals outrank templates; specific templates outrank vague ones', () => {
  const index = new NvtxIndex();
  index.update('/ws/a.py', 'import nvtx\nnvtx.push_range(f"{x}")\nnvtx.push_range(f"frame {i}")\nnvtx.push_range("frame 12")\n');
  assert.deepEqual(index.resolve('frame 12').map((c) => [c.line, c.match]), [[3, 'literal'], [2, 'template'], [1, 'template']]);
});

test('remote paths map through remote-root/local-root pairs, longest root first', () => {
  const m = [
    { remoteRoot: '/home/nvidia/app', localRoot: '/work/ws' },
    { remoteRoot: '/home/nvidia/app/vendor', localRoot: '/work/vendor' },
  ];
  assert.equal(mapRemotePath('/home/nvidia/app/src/run.py', m), '/work/ws/src/run.py');
  assert.equal(mapRemotePath('/home/nvidia/app/vendor/x.cu', m), '/work/vendor/x.cu');
  assert.equal(mapRemotePath('/home/nvidia/application/x.py', m), undefined, 'a root matches whole path segments only');
  const index = new NvtxIndex({ pathMappings: m });
  index.update('/work/ws/src/run.py', 'import nvtx\nnvtx.mark("m")\n');
  index.update('/work/other/tools/run.py', 'x = 1\n');
  assert.equal(index.mapPath('/home/nvidia/app/src/run.py'), '/work/ws/src/run.py');
  // Unmapped: the longest common suffix among indexed files.
  assert.equal(index.mapPath('/opt/build/tools/run.py'), '/work/other/tools/run.py');
  assert.equal(index.mapPath('/nowhere/else.py'), undefined);
});

test('the program that ran breaks ties between equal literals', () => {
  const index = new NvtxIndex({ pathMappings: [{ remoteRoot: '/remote', localRoot: '/ws' }] });
  index.update('/ws/a.py', 'import nvtx\nnvtx.push_range("step")\n');
  index.update('/ws/b.py', 'import nvtx\nnvtx.push_range("step")\n');
  assert.equal(index.resolve('step', '', { programPaths: ['/remote/b.py'] })[0].file, '/ws/b.py');
  assert.equal(index.resolve('step', '', { programPaths: ['/remote/a.py'] })[0].file, '/ws/a.py');
});
