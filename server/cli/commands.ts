// Every sub-command file registers itself with registerSubcommand() when it is loaded. They are
// loaded on first use, so `sightline profile` does not initialise the lint and trace engines
// (about 0.1 s of start-up; lint and trace load theirs the same way).
import { registerSubcommand, runCli } from './run';

const lazy: [string, () => Promise<unknown>][] = [
  ['lint', () => import('./lintCommand')],
  ['profile', () => import('./profileCommand')],
  ['trace', () => import('./traceCommand')],
];
for (const [name, load] of lazy) {
  let loaded = false;
  registerSubcommand(name, async () => {
    if (loaded) throw new Error(`sub-command '${name}' did not register itself`);
    loaded = true;
    // Loading the file replaces this entry with the real sub-command.
    await load();
    return (args, io) => runCli([name, ...args], io);
  });
}
