// The `sightline` command line: the same cores as the language server, for CI and terminals.
import './commands';
import { runCli } from './run';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`sightline: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
