#!/usr/bin/env python3
"""Derives server/lint/config/schema/versionEvidence.ts: for every key of the nvinfer, nvdspreprocess,
nvdsanalytics, nvdewarper, nvdsmetamux and deepstream-app key-file parsers, the DeepStream versions whose
sources read it. Reads git mirrors of public repositories holding DeepStream sources (paths below; fetch
them first): it finds the `#define NAME "key"` strings and, per parse function, the keys compared with
`g_strcmp0 (*key, ...)` or read with `g_key_file_get_*(key_file, group, KEY, ...)`.
Run: python3 extractVersions.py > ../versionEvidence.ts
"""
import re, subprocess, sys, json
def show(gitdir, rev, path):
    r = subprocess.run(['git','--git-dir',gitdir,'show',f'{rev}:{path}'],capture_output=True,text=True,errors='replace')
    return r.stdout if r.returncode==0 else None
def defines(text):
    d={}
    t=re.sub(r'\\\n','',text)
    for m in re.finditer(r'#define\s+([A-Z0-9_]+)\s+"([^"]*)"',t): d[m.group(1)]=m.group(2)
    return d
def functions(text):
    # split at lines that start a function definition at column 0: name (
    parts={}; cur=None; buf=[]
    for line in text.split('\n'):
        m=re.match(r'^(?:[A-Za-z_][\w\s\*:<>]*\s+\**)?([A-Za-z_]\w*(?:::\w+)?)\s*\(',line)
        if m and not line.startswith((' ','\t','#','}','{')) and not re.match(r'^(if|for|while|switch|return|else)\b',line) and not line.rstrip().endswith(';'):
            if cur: parts.setdefault(cur,[]).append('\n'.join(buf))
            cur=m.group(1); buf=[line]
        else: buf.append(line)
    if cur: parts.setdefault(cur,[]).append('\n'.join(buf))
    return {k:'\n'.join(v) for k,v in parts.items()}
def keys_in(body, defs):
    out=set()
    b=re.sub(r'\s+',' ',body)
    for m in re.finditer(r'(?:g_strcmp0|strcmp|g_str_equal|strncmp)\s*\(\s*\*?\s*(?:key|\*key|keys\[\w+\]|itr->first\.as<std::string>\(\)|paramKey|[\w\.\->\[\]]+)\s*,\s*([A-Z0-9_]+|"[^"]*")',b):
        tok=m.group(1)
        if tok.startswith('"'): out.add(tok.strip('"'))
        elif tok in defs: out.add(defs[tok])
    # yaml-cpp style: paramKey == "x" / == MACRO
    for m in re.finditer(r'==\s*([A-Z][A-Z0-9_]+|"[a-zA-Z0-9\-_]+")',b):
        tok=m.group(1)
        if tok.startswith('"'): out.add(tok.strip('"'))
        elif tok in defs and tok.startswith('CONFIG'): out.add(defs[tok])
    for m in re.finditer(r'g_key_file_get_\w+\s*\(\s*\w+\s*,\s*[\w\.\->\*]+\s*,\s*([A-Z0-9_]+|"[^"]*")',b):
        tok=m.group(1)
        if tok.startswith('"'): out.add(tok.strip('"'))
        elif tok in defs: out.add(defs[tok])
    for m in re.finditer(r'[A-Z_]+_PROPERTY\s*\(\s*[\w\.\->\*]+\s*,\s*([A-Z0-9_]+|"[^"]*")',b):
        tok=m.group(1)
        if tok.startswith('"'): out.add(tok.strip('"'))
        elif tok in defs: out.add(defs[tok])
    return out
def extract(gitdir, rev, cfiles, hfiles):
    defs={}
    texts=[]
    for p in hfiles+cfiles:
        t=show(gitdir,rev,p)
        if t is None: continue
        defs.update(defines(t))
        if p in cfiles: texts.append(t)
    if not texts: return None
    res={}
    for t in texts:
        for f,body in functions(t).items():
            ks=keys_in(body,defs)
            if ks: res.setdefault(f,set()).update(ks)
    return {k:sorted(v) for k,v in res.items()}

M='/work/.mirror/'
N=M+'NVIDIA+DeepStream/repo'; H=M+'hiennguyen9874+deepstream-sources/repo'; K=M+'Kwull+deepstream-4.0.1/repo/.git'; L=M+'levipereira+deepstream_8.0_plugins/repo'
# version -> (gitdir, rev, prefix for sources)
V=[('4.0.1',K,'bb359f17fa3617435f5d37845fad4e9225279df4','sources/'),('5.0',H,'5.0','sources/'),('6.0',H,'6.0','sources/'),('6.0.1',H,'6.0.1','sources/'),('6.1',H,'6.1','sources/'),('6.1.1',H,'6.1.1','sources/'),('6.2',H,'6.2','sources/'),('6.3',H,'6.3','sources/'),('8.0',L,'HEAD',''),('9.0',N,'590d647','src/'),('9.1',N,'HEAD','src/')]
def app(pre):
    common='apps/common/' if pre=='src/' else 'apps/apps-common/'
    c=[pre+common+'src/deepstream_config_file_parser.c', pre+'apps/sample_apps/deepstream-app/deepstream_app_config_parser.c']
    h=[pre+common+'includes/deepstream_config_file_parser.h', pre+'apps/sample_apps/deepstream-app/deepstream_app.h']
    return c,h
comps={
 'nvinfer': lambda p: ([p+'gst-plugins/gst-nvinfer/gstnvinfer_property_parser.cpp'],[p+'gst-plugins/gst-nvinfer/gstnvinfer_property_parser.h']),
 'preprocess': lambda p: ([p+'gst-plugins/gst-nvdspreprocess/nvdspreprocess_property_parser.cpp'],[p+'gst-plugins/gst-nvdspreprocess/nvdspreprocess_property_parser.h']),
 'analytics': lambda p: ([p+'gst-plugins/gst-nvdsanalytics/nvdsanalytics_property_parser.cpp'],[p+'gst-plugins/gst-nvdsanalytics/nvdsanalytics_property_parser.h']),
 'dewarper': lambda p: ([p+'gst-plugins/gst-nvdewarper/nvdewarper_property_parser.cpp'],[p+'gst-plugins/gst-nvdewarper/nvdewarper_property_parser.h']),
 'metamux': lambda p: ([p+'gst-plugins/gst-nvdsmetamux/nvdsmetamux_property_parser.cpp'],[p+'gst-plugins/gst-nvdsmetamux/nvdsmetamux_property_parser.h']),
 'app': app,
}
out={}
for comp,f in comps.items():
    out[comp]={}
    for v,g,rev,pre in V:
        c,h=f(pre)
        r=extract(g,rev,c,h)
        out[comp][v]=r
d=out
order=['4.0.1','5.0','6.0','6.0.1','6.1','6.1.1','6.2','6.3','8.0','9.0','9.1']
groupmap={
 'nvinfer':{'gst_nvinfer_parse_props':'property','gst_nvinfer_parse_other_attribute':'property','gst_nvinfer_parse_class_attrs':'class-attrs'},
 'preprocess':{'nvdspreprocess_parse_property_group':'property','nvdspreprocess_parse_common_group':'group'},
 'analytics':{'nvdsanalytics_parse_property_group':'property','nvdsanalytics_parse_overcrowding_group':'overcrowding-stream','nvdsanalytics_parse_direction_detection_group':'direction-detection-stream','nvdsanalytics_parse_linecrossing_group':'line-crossing-stream','nvdsanalytics_parse_roi_filtering_group':'roi-filtering-stream'},
 'dewarper':{'nvdewarper_parse_props':'property','nvdewarper_parse_surface_attributes':'surface'},
 'metamux':{'nvdsmetamux_parse_property_group':'property','nvdsmetamux_parse_common_group':'group'},
 'app':{'parse_app':'application','parse_tests':'tests','parse_source_list':'source-list','parse_source':'source','parse_streammux':'streammux','parse_dsanalytics':'nvds-analytics','parse_dsexample':'ds-example','parse_segvisual':'segvisual','parse_osd':'osd','parse_dewarper':'dewarper','parse_preprocess':'pre-process','parse_gie':'gie','parse_tracker':'tracker','parse_visionencoder':'visionencoder','parse_text_embedder':'text-embedder','parse_replay':'replay','parse_sink':'sink','parse_tiled_display':'tiled-display','parse_msgconv':'message-converter','parse_msgconsumer':'message-consumer','parse_image_save':'img-save'},
}
res={}
unmapped=set()
for comp,vs in d.items():
    checked=[v for v in order if vs.get(v)]
    sets={}
    for v in checked:
        for f,ks in vs[v].items():
            g=groupmap[comp].get(f)
            if not g: unmapped.add((comp,f)); continue
            for k in ks: sets.setdefault((g,k),set()).add(v)
    out={}
    for (g,k),present in sets.items():
        first=next(v for v in checked if v in present)
        i=checked.index(first)
        after=checked[i-1] if i>0 else None
        last=[v for v in checked if v in present][-1]
        removed=checked[checked.index(last)+1] if last!=checked[-1] else None
        gaps=[v for v in checked[i:checked.index(last)] if v not in present]
        out.setdefault(g,{})[k]={'first':first,'after':after,'removedIn':removed,'gaps':gaps}
    res[comp]={'checked':checked,'groups':out}

SOURCES = {
  '4.0.1': 'Kwull/deepstream-4.0.1 @ bb359f1 (sources/ of the DeepStream 4.0.1 Jetson SDK)',
  '5.0': 'hiennguyen9874/deepstream-sources branch 5.0 @ daebb03', '6.0': 'hiennguyen9874/deepstream-sources branch 6.0 @ 6196620',
  '6.0.1': 'hiennguyen9874/deepstream-sources branch 6.0.1 @ e2d73ae', '6.1': 'hiennguyen9874/deepstream-sources branch 6.1 @ 3db843b',
  '6.1.1': 'hiennguyen9874/deepstream-sources branch 6.1.1 @ e850aa5', '6.2': 'hiennguyen9874/deepstream-sources branch 6.2 @ 3b4e4ce',
  '6.3': 'hiennguyen9874/deepstream-sources branch 6.3 @ 1321cad', '8.0': 'levipereira/deepstream_8.0_plugins @ 6ddf18d',
  '9.0': 'NVIDIA/DeepStream @ 590d647 (before the 9.1 source sync 0e05420)', '9.1': 'NVIDIA/DeepStream @ 581889d',
}
print('// Generated by tools/extractVersions.py from the parsers of 11 DeepStream source trees; do not edit.')
print('// Which DeepStream versions read each key: since = earliest checked version whose parser reads it,')
print('// after = latest checked version before it whose parser does not (absent: read by the oldest sources')
print('// checked), removedIn = first checked version that no longer reads it. DeepStream 7.0 and 7.1 sources')
print('// were not found in public repositories, so a key first seen in 8.0 may be older.')
print('// Sources by version:')
for v,s in SOURCES.items(): print(f'//   {v}: {s}')
print('')
print('export type KeyVersionTuple = [since: string, after?: string | null, removedIn?: string];')
print('export interface ComponentEvidence {')
print('  /** Versions whose sources of this parser were checked, oldest first. */')
print('  checked: string[];')
print('  /** Parser group (the evidence name of a schema group) → key → versions. */')
print('  groups: Record<string, Record<string, KeyVersionTuple>>;')
print('}')
print('')
print('export const versionSources: Record<string, string> = ' + json.dumps(SOURCES, indent=2).replace('"', "'") + ';')
print('')
print('export const versionEvidence: Record<string, ComponentEvidence> = {')
for comp, r in res.items():
    print(f"  '{comp}': {{")
    print('    checked: [' + ', '.join(f"'{v}'" for v in r['checked']) + '],')
    print('    groups: {')
    for g in sorted(r['groups']):
        print(f"      '{g}': {{")
        for k in sorted(r['groups'][g]):
            e = r['groups'][g][k]
            t = [e['first']]
            if e['after'] or e['removedIn']: t.append(e['after'])
            if e['removedIn']: t.append(e['removedIn'])
            items = ', '.join('null' if x is None else f"'{x}'" for x in t)
            print(f"        '{k}': [{items}],")
        print('      },')
    print('    },')
    print('  },')
print('};')
