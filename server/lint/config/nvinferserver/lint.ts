// Lints an nvinferserver config (protobuf text, message PluginControl): syntax with error recovery,
// fields and values against the .proto field table, then what gst-nvinferserver itself refuses,
// replaces or does slowly, and the files it resolves relative to the config's folder.
import * as path from 'node:path';
import type { Fix, RelatedLocation } from '../../diagnostic';
import { resolveConfigPath, type RuleContext } from '../rules/context';
import { OffsetMap } from './offsets';
import { rootMessage } from './protoSchema';
import { checkServerConfig } from './rules';
import { parseTextFormat, type PbMessage } from './textFormat';
import { ProtoValidator, type ProtoProblem } from './validate';

export function lintNvinferserver(ctx: RuleContext, text: string): void {
  const doc = parseTextFormat(text);
  const offsets = new OffsetMap(text);
  for (const e of doc.errors) {
    ctx.report({ code: 'config/inferserver-syntax', severity: 'error', message: `${e.message} protobuf refuses the file.`, range: offsets.range(e.start, e.end) });
  }
  const root: PbMessage = { kind: 'message', fields: doc.fields, start: 0, end: text.length };
  const validator = new ProtoValidator();
  validator.checkMessage(rootMessage, root);
  const { problems, paths } = checkServerConfig({ root, messages: validator.messages, target: ctx.options.target });
  const report = (p: ProtoProblem): void => {
    const range = offsets.range(p.start, p.end);
    const fixes: Fix[] | undefined = p.replacement ? [{ title: p.replacement.title, edits: [{ range, newText: p.replacement.text }], isPreferred: true }] : undefined;
    const related: RelatedLocation[] | undefined = p.related ? [{ range: offsets.range(p.related.start, p.related.end), message: p.related.message }] : undefined;
    ctx.report({ code: p.code, severity: p.severity, message: p.message, range, fixes, related });
  };
  for (const p of validator.problems) report(p);
  for (const p of problems) report(p);
  for (const p of paths) {
    if (/\$\{|\$[A-Z_]/.test(p.value)) continue; // a template placeholder, not a path yet
    const abs = resolveConfigPath(ctx.path, p.value);
    if (ctx.files.exists(abs)) continue;
    const relative = !path.isAbsolute(p.value);
    ctx.report({
      code: 'config/missing-file',
      severity: relative ? 'error' : 'warning',
      message: relative
        ? `${p.field}: ${p.value} does not exist (resolved to ${abs}, relative to the config's folder): nvinferserver cannot resolve it and refuses the config.`
        : `${p.field}: ${p.value} does not exist: nvinferserver fails when it opens it.`,
      range: offsets.range(p.start, p.end),
    });
  }
}
