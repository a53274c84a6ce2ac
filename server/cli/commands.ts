// Every sub-command file registers itself with registerSubcommand(); import them here.
// (One line per sub-command: lint, trace, profile.)
import './lintCommand';
import './profileCommand';
import './traceCommand';
export {};
