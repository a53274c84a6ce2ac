// Sub-command dispatch for the CLI. Each sub-command lives in its own file and returns an exit code.
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export const usage = `sightline — lint DeepStream pipelines and configs, read Nsight Systems traces

Usage:
  sightline lint [--format text|json|sarif] [--target jetson|dgpu] [--ds-version X.Y] PATH...
  sightline trace summary [--format json|text|markdown] FILE
  sightline trace findings [--format json|text|markdown] FILE
  sightline trace compare A B
  sightline profile --target HOST [--duration S] [--trace cuda,nvtx,osrt] [--out DIR] -- COMMAND ARGS...
  sightline --help | --version
`;

type SubCommand = (args: string[], io: CliIo) => Promise<number>;
const subcommands: Record<string, () => Promise<SubCommand>> = {};

/** Sub-command files call this to make themselves available. */
export function registerSubcommand(name: string, load: () => Promise<SubCommand>): void {
  subcommands[name] = load;
}

export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(usage);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-V') {
    io.out('sightline 0.1.0\n');
    return 0;
  }
  const load = subcommands[cmd];
  if (!load) {
    io.err(`sightline: unknown command '${cmd}'\n\n${usage}`);
    return 2;
  }
  return (await load())(rest, io);
}
