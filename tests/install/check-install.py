#!/usr/bin/env python3
# Installs the build into a temporary DESTDIR (`meson install --destdir`) and checks what an
# installed Bindery has: the three programs (the installed bindery-cli, bindery and
# bindery-thumbnailer print their version / help), the man pages (each renders with
# `man -l` without warnings), the desktop file, metainfo, icons, GSettings schema (compiled
# with --strict) and the thumbnailer entry.
# The metainfo's screenshots are the files kept in data/screenshots, at the sizes it states.
# Usage: check-install.py BUILD_DIR VERSION SOURCE_ROOT
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import shutil
import subprocess
import sys
import tempfile

build_dir, version, source_root = sys.argv[1:4]
app_id = 'io.github.bindery.Bindery'
env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
problems = []


def run(argv, extra_env=None):
    result = subprocess.run(argv, capture_output=True, text=True, env=dict(env, **(extra_env or {})), timeout=120)
    if result.returncode != 0:
        problems.append(f'{" ".join(argv)} exited {result.returncode}:\n{result.stdout}{result.stderr}')
    return result


installed = json.loads(run(['meson', 'introspect', build_dir, '--installed']).stdout or '{}')
destinations = list(installed.values())

with tempfile.TemporaryDirectory(prefix='bindery-install-') as destdir:
    run(['meson', 'install', '-C', build_dir, '--destdir', destdir, '--no-rebuild', '--quiet'])

    def find(suffix):
        """The installed path (inside destdir) of the one destination ending with suffix."""
        matches = [d for d in destinations if d.endswith(suffix)]
        if len(matches) != 1:
            problems.append(f'expected one installed file ending in {suffix}, found {matches}')
            return None
        path = destdir + matches[0]
        if not os.path.exists(path):
            problems.append(f'{matches[0]} is not in the installed tree')
            return None
        return path

    cli = find('/bin/bindery-cli')
    if cli:
        out = run([cli, '--version']).stdout.strip()
        if out != f'bindery-cli {version}':
            problems.append(f'installed bindery-cli --version printed {out!r}, not "bindery-cli {version}"')
        print(out)
    thumbnailer = find('/bin/bindery-thumbnailer')
    if thumbnailer:
        run([thumbnailer, '--help'])
    has_app = any(d.endswith('/bin/bindery') for d in destinations)
    if has_app:
        app = find('/bin/bindery')
        if app:
            print(run([app, '--version'], {'DISPLAY': '', 'WAYLAND_DISPLAY': ''}).stdout.strip())

    man_pages = [d for d in destinations if '/man/man1/' in d]
    for name in ('bindery-cli.1', 'bindery-thumbnailer.1') + (('bindery.1',) if has_app else ()):
        if not any(p.endswith('/man1/' + name) for p in man_pages):
            problems.append(f'{name} is not installed')
    for page in man_pages:
        result = run(['man', '--warnings', '-l', destdir + page], {'MANWIDTH': '80', 'MANPAGER': 'cat', 'PAGER': 'cat'})
        if result.stderr.strip():
            problems.append(f'man -l {page} warns:\n{result.stderr}')
        elif len(result.stdout.splitlines()) < 20:
            problems.append(f'man -l {page} rendered only {len(result.stdout.splitlines())} lines')
        else:
            print(f'man -l {os.path.basename(page)}: {len(result.stdout.splitlines())} lines')

    desktop = find(f'/share/applications/{app_id}.desktop')
    if desktop and shutil.which('desktop-file-validate'):
        run(['desktop-file-validate', desktop])
    if desktop:
        # Open With: the book formats, each a type (or alias) shared-mime-info knows.
        with open(desktop, encoding='utf-8') as f:
            mime_line = next((l for l in f if l.startswith('MimeType=')), 'MimeType=')
        types = [m for m in mime_line.strip()[len('MimeType='):].split(';') if m]
        for wanted in ('application/vnd.comicbook+zip', 'application/vnd.comicbook-rar', 'application/x-cb7',
                       'application/x-cbt', 'application/epub+zip', 'application/pdf', 'application/zip'):
            if wanted not in types:
                problems.append(f'the desktop file does not offer to open {wanted}')
        known = '/usr/share/mime/packages/freedesktop.org.xml'
        if os.path.exists(known):
            with open(known, encoding='utf-8') as f:
                mime_db = f.read()
            for mime in types:
                if f'type="{mime}"' not in mime_db:
                    problems.append(f'the desktop file names {mime}, which shared-mime-info does not know')
    metainfo = find(f'/share/metainfo/{app_id}.metainfo.xml')
    if metainfo and shutil.which('appstreamcli'):
        run(['appstreamcli', 'validate', '--no-net', '--pedantic', metainfo])
    if metainfo:
        import xml.etree.ElementTree as ET
        images = ET.parse(metainfo).getroot().findall('./screenshots/screenshot/image')
        if len(images) < 1:
            problems.append('the metainfo has no screenshot')
        for image in images:
            name = image.text.strip().rsplit('/data/screenshots/', 1)[-1]
            shot = os.path.join(source_root, 'data', 'screenshots', name)
            if not os.path.isfile(shot):
                problems.append(f'the metainfo shows {image.text.strip()}, but data/screenshots/{name} does not exist')
                continue
            with open(shot, 'rb') as f:
                header = f.read(24)
            size = (int.from_bytes(header[16:20], 'big'), int.from_bytes(header[20:24], 'big'))
            stated = (int(image.get('width', 0)), int(image.get('height', 0)))
            if header[:8] != b'\x89PNG\r\n\x1a\n' or size != stated:
                problems.append(f'data/screenshots/{name} is {size}, the metainfo says {stated}')
    find(f'/share/icons/hicolor/scalable/apps/{app_id}.svg')
    find(f'/share/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg')
    find('/share/thumbnailers/bindery.thumbnailer')
    schema = find(f'/share/glib-2.0/schemas/{app_id}.gschema.xml')
    if schema:
        run(['glib-compile-schemas', '--strict', '--dry-run', os.path.dirname(schema)])

for p in problems:
    print('FAIL:', p)
print(f'{len(destinations)} files installed and checked' if not problems else f'{len(problems)} problems')
sys.exit(1 if problems else 0)
