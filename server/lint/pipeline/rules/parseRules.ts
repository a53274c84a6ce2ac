// Rule docs for what the parser itself reports (syntax, references, empty branches).
import type { RuleDoc } from '../../diagnostic';

export const parseRuleDocs: RuleDoc[] = [
  {
    id: 'pipeline/syntax',
    defaultSeverity: 'error',
    title: 'Launch description does not parse',
    why: 'gst-launch-1.0 and `gst_parse_launch` refuse the whole pipeline on a syntax error (dangling `!`, unterminated quote, unbalanced parentheses, a quoted caps filter inside a string).',
    example: 'gst-launch-1.0 filesrc location=a.mp4 ! qtdemux ! ',
    fix: 'Complete or remove the dangling link, close the quote or parenthesis. Inside Python/C strings, write caps filters without quotes: `! video/x-raw(memory:NVMM),format=NV12 !`.',
    reference: 'GStreamer gst/parse/grammar.y and parse.l',
  },
  {
    id: 'pipeline/unknown-reference',
    defaultSeverity: 'error',
    title: 'Reference to an element name that does not exist',
    why: '`name.` and `name.pad` only resolve to elements given `name=` in the same description; GStreamer drops the link ("no element named ...").',
    example: 'gst-launch-1.0 filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! mux.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink',
    fix: 'Give the element the referenced name (`name=mux`) or fix the reference.',
    reference: 'GStreamer gst/parse/grammar.y (reference, gst_parse_perform_link)',
  },
  {
    id: 'pipeline/empty-branch',
    defaultSeverity: 'error',
    title: 'Empty branch or empty bin',
    why: 'A reference such as `t.` with nothing linked after it, or `( )` with nothing inside, is refused by GStreamer ("unexpected reference", "specified empty bin").',
    example: 'gst-launch-1.0 videotestsrc ! tee name=t t. ! queue ! fakesink t.',
    fix: 'Link the branch (`t. ! queue ! fakesink`) or delete the stray reference.',
    reference: 'GStreamer gst/parse/grammar.y (chain, bin)',
  },
  {
    id: 'pipeline/too-large',
    defaultSeverity: 'info',
    title: 'Launch description too large to lint',
    why: 'A single description over 1 MB (generated or minified text, a data blob on one line) is not parsed, so that linting stays fast and bounded; the rest of the file is still linted.',
    example: 'a .gst file holding one 10 MB line',
    fix: 'Nothing to fix if the file is not a real pipeline; otherwise split it.',
  },
];
