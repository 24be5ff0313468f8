#!/usr/bin/env python3
# The Flatpak manifest (build-aux/flatpak/io.github.bindery.Bindery.json) parses, builds the
# app this tree describes, and names every dependency the meson build needs: each
# dependency('NAME') in a meson.build outside tests/ is either provided by the GNOME runtime
# (the list below) or built by a module of the manifest. Every module's sources are pinned
# (an archive with its sha256, git with a commit), and finish-args give no whole-filesystem
# or home access.
# Usage: check-manifest.py SOURCE_ROOT
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import re
import sys

root = sys.argv[1]
manifest_path = os.path.join(root, 'build-aux', 'flatpak', 'io.github.bindery.Bindery.json')
problems = []

# pkg-config names that org.gnome.Platform (over the freedesktop.org runtime) provides.
RUNTIME = {
    'glib-2.0', 'gobject-2.0', 'gio-2.0', 'gio-unix-2.0', 'gmodule-2.0', 'gtk4', 'libadwaita-1',
    'gdk-pixbuf-2.0', 'json-glib-1.0', 'sqlite3', 'libxml-2.0', 'libarchive', 'libwebp', 'libjpeg',
    'zlib',
}
# pkg-config names a module of the manifest provides, by module name.
MODULES = {
    'libzip': {'libzip'},
    'poppler': {'poppler-glib', 'poppler'},
}

with open(manifest_path, encoding='utf-8') as f:
    manifest = json.load(f)

app_id = manifest.get('id') or manifest.get('app-id')
if app_id != 'io.github.bindery.Bindery':
    problems.append(f'the manifest builds {app_id!r}')
if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
    problems.append('the manifest is not built against the GNOME runtime and SDK')
if manifest.get('command') != 'bindery':
    problems.append(f'the manifest runs {manifest.get("command")!r}, not bindery')
for arg in manifest.get('finish-args', []):
    if re.match(r'--filesystem=(host|home|/)(:.*)?$', arg) or arg in ('--socket=session-bus', '--socket=system-bus'):
        problems.append(f'finish-args gives {arg}')

modules = manifest.get('modules', [])
names = [m.get('name') for m in modules if isinstance(m, dict)]
if not names or names[-1] != 'bindery':
    problems.append(f'the last module should be bindery, the modules are {names}')
provided = set(RUNTIME)
for module in modules:
    name = module.get('name')
    provided |= MODULES.get(name, set())
    if name != 'bindery' and name not in MODULES:
        problems.append(f'the module {name} provides nothing the build needs (or add it to MODULES here)')
    for source in module.get('sources', []):
        kind = source.get('type')
        if kind in ('archive', 'file'):
            if not re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')):
                problems.append(f'{name}: {source.get("url")} has no sha256')
            if not source.get('url', '').startswith('https://'):
                problems.append(f'{name}: {source.get("url")} is not fetched over https')
        elif kind == 'git':
            if not re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')):
                problems.append(f'{name}: the git source is not pinned to a commit')
        elif kind == 'dir' and name == 'bindery':
            if os.path.realpath(os.path.join(os.path.dirname(manifest_path), source.get('path', ''))) != os.path.realpath(root):
                problems.append(f'bindery is built from {source.get("path")}, not this tree')
        else:
            problems.append(f'{name}: a {kind} source cannot be checked')
bindery = next((m for m in modules if m.get('name') == 'bindery'), {})
if bindery.get('buildsystem') != 'meson':
    problems.append('bindery is not built with meson')

needed = {}
for dirpath, dirnames, filenames in os.walk(root):
    rel_dir = os.path.relpath(dirpath, root)
    dirnames[:] = [d for d in dirnames if not d.startswith(('.', '_build')) and
                   not (rel_dir == '.' and d in ('tests', 'subprojects'))]
    if 'meson.build' in filenames:
        with open(os.path.join(dirpath, 'meson.build'), encoding='utf-8') as f:
            for dep in re.findall(r"\bdependency\(\s*'([^']+)'", f.read()):
                needed.setdefault(dep, os.path.join(rel_dir, 'meson.build'))
if len(needed) < 10:
    problems.append(f'only {sorted(needed)} found in the meson files')
for dep, where in sorted(needed.items()):
    if dep not in provided:
        problems.append(f'{where} needs {dep}, which neither the GNOME runtime nor a module of the manifest provides')

for p in problems:
    print('FAIL:', p)
print(f'{len(needed)} dependencies of the build, {len(modules)} modules: {", ".join(names)}')
sys.exit(1 if problems else 0)
