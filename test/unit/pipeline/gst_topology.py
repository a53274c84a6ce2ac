#!/usr/bin/env python3
"""Parse gst-launch descriptions with the real GStreamer parser and print their topology as JSON.

Used by test/unit/pipeline/differential.test.ts. Reads JSON on stdin:
  {"pipelines": [str, ...], "standins": {factory: {"pads": [...], "properties": [name, ...]}}}
Only GStreamer core and the coreelements plugin (queue, tee, capsfilter, fakesink, filesrc, ...)
are loaded for real; every other factory named in "standins" is registered here as a stand-in
GstElement with the catalog's pad templates (caps ANY; always and sometimes pads created up front,
request pads on request) and string properties, so that the parse does not depend on which
plugins (DeepStream's nv* above all) are installed. Prints one JSON object per pipeline:
  {"ok": bool, "error": str|null, "elements": [...], "links": [...]}.
"""
import json
import os
import re
import sys
import tempfile

# Load nothing but coreelements: a private registry and plugin path, set before Gst is imported.
_tmp = tempfile.mkdtemp(prefix='sightline-gst-')
_plugin_dir = os.path.join(_tmp, 'plugins')
os.makedirs(_plugin_dir)
for _d in ['/usr/lib/x86_64-linux-gnu/gstreamer-1.0', '/usr/lib/aarch64-linux-gnu/gstreamer-1.0', '/usr/lib/gstreamer-1.0', '/usr/lib64/gstreamer-1.0']:
    _lib = os.path.join(_d, 'libgstcoreelements.so')
    if os.path.exists(_lib):
        os.symlink(_lib, os.path.join(_plugin_dir, 'libgstcoreelements.so'))
        break
os.environ['GST_REGISTRY_1_0'] = os.path.join(_tmp, 'registry.bin')
os.environ['GST_PLUGIN_SYSTEM_PATH_1_0'] = _plugin_dir
os.environ['GST_PLUGIN_PATH_1_0'] = ''
os.environ['GST_REGISTRY_FORK'] = 'no'

import gi  # noqa: E402

gi.require_version('Gst', '1.0')
from gi.repository import GObject, Gst  # noqa: E402

Gst.init(None)

PRESENCE = {'always': Gst.PadPresence.ALWAYS, 'sometimes': Gst.PadPresence.SOMETIMES, 'request': Gst.PadPresence.REQUEST}


def concrete(template_name):
    return re.sub(r'%[ud]', '0', template_name).replace('%s', 'x')


def make_standin(factory, spec):
    templates = []
    pads = spec.get('pads') or [
        {'name': 'sink', 'direction': 'sink', 'presence': 'always'},
        {'name': 'src', 'direction': 'src', 'presence': 'always'},
    ]
    for p in pads:
        direction = Gst.PadDirection.SRC if p['direction'] == 'src' else Gst.PadDirection.SINK
        templates.append(Gst.PadTemplate.new(p['name'], direction, PRESENCE[p['presence']], Gst.Caps.new_any()))
    props = {}
    for name in spec.get('properties', []):
        if name == 'name':
            continue
        props[name] = (str, name, 'stand-in property', '', GObject.ParamFlags.READWRITE)

    def __init__(self):
        Gst.Element.__init__(self)
        self._values = {}
        for t in self.get_pad_template_list():
            if t.presence in (Gst.PadPresence.ALWAYS, Gst.PadPresence.SOMETIMES):
                self.add_pad(Gst.Pad.new_from_template(t, concrete(t.name_template)))

    def do_get_property(self, pspec):
        return self._values.get(pspec.name, '')

    def do_set_property(self, pspec, value):
        self._values[pspec.name] = value

    def do_request_new_pad(self, templ, name, caps):
        if name is None:
            n = 0
            while self.get_static_pad(templ.name_template.replace('%u', str(n)).replace('%d', str(n))):
                n += 1
            name = templ.name_template.replace('%u', str(n)).replace('%d', str(n))
        pad = Gst.Pad.new_from_template(templ, name)
        self.add_pad(pad)
        return pad

    gtype_name = 'SightlineStandin_' + re.sub(r'[^A-Za-z0-9]', '_', factory)
    cls = type(gtype_name, (Gst.Element,), {
        '__gtype_name__': gtype_name,
        '__gstmetadata__': (factory, 'Stand-in', 'Sightline differential test stand-in', 'sightline'),
        '__gsttemplates__': tuple(templates),
        '__gproperties__': props,
        '__init__': __init__,
        'do_get_property': do_get_property,
        'do_set_property': do_set_property,
        'do_request_new_pad': do_request_new_pad,
    })
    Gst.Element.register(None, factory, Gst.Rank.NONE, cls)


def walk(bin_):
    out = []
    it = bin_.iterate_recurse()
    while True:
        res, el = it.next()
        if res != Gst.IteratorResult.OK:
            break
        out.append(el)
    return out


def topology(desc, standin_names):
    ctx = Gst.ParseContext.new()
    try:
        top = Gst.parse_launch_full(desc, ctx, Gst.ParseFlags.FATAL_ERRORS)
    except GLib_Error as e:  # noqa: F821 - set below
        return {'ok': False, 'error': str(e), 'elements': [], 'links': []}
    elements = walk(top) if isinstance(top, Gst.Bin) else [top]
    out_el = []
    for el in elements:
        f = el.get_factory()
        fname = f.get_name() if f else type(el).__name__
        props = {}
        if fname in standin_names:
            props = {k: v for k, v in el._values.items()}
        out_el.append({'factory': fname, 'name': el.get_name(), 'props': props})
    links = []
    for el in elements:
        for pad in el.srcpads:
            peer = pad.get_peer()
            if not peer:
                continue
            pe = peer.get_parent_element()
            links.append({'src': el.get_name(), 'srcPad': pad.get_name(), 'sink': pe.get_name() if pe else None, 'sinkPad': peer.get_name()})
    return {'ok': True, 'error': None, 'elements': out_el, 'links': links}


from gi.repository import GLib  # noqa: E402

GLib_Error = GLib.Error


def main():
    data = json.load(sys.stdin)
    standins = data.get('standins', {})
    registered = set()
    for factory, spec in standins.items():
        if Gst.ElementFactory.find(factory) is None:
            make_standin(factory, spec)
            registered.add(factory)
    results = [topology(p, registered) for p in data['pipelines']]
    json.dump({'gstreamer': Gst.version_string(), 'standins': sorted(registered), 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
