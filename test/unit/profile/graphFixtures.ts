// Pipeline graph fixtures shared by the graph tests: the DeepStream-shaped dot file written in
// the format of gstdebugutils.c, and real dot files written by gst-launch-1.0 at test time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fakeNsysDir } from '../../support/sshd';

export const deepstreamFixture = path.join(fakeNsysDir, 'graphs', 'deepstream-app.PAUSED_PLAYING.dot');

/** Runs gst-launch-1.0 with GST_DEBUG_DUMP_DOT_DIR and returns the folder with the graphs. */
export function gstLaunchGraphs(args: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-gstdot-'));
  execFileSync('gst-launch-1.0', ['-q', ...args], { env: { ...process.env, GST_DEBUG_DUMP_DOT_DIR: dir }, stdio: 'pipe' });
  return dir;
}
