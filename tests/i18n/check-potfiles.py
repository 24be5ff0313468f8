#!/usr/bin/env python3
# Checks po/POTFILES.in against the sources:
#  - every file under src/ and data/ with a translatable string is listed;
#  - every listed file exists and has a translatable string;
#  - xgettext (with the keywords of meson's glib preset, as `bindery-pot` runs it) takes at
#    least one message from each listed file, so a marking xgettext cannot see fails here.
# Usage: check-potfiles.py SOURCE_ROOT
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
SCAN_DIRS = ['src', 'data']
C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dgettext|g_dpgettext2)\s*\(')
UI_MARK = re.compile(r'translatable="yes"')
# Files whose format carries translatable fields by itself.
ALWAYS = re.compile(r'\.(desktop\.in|metainfo\.xml\.in|gschema\.xml)$')
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments', '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3', '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format', '--flag=g_set_error:4:c-format',
]


def strip_c_comments(text):
    return re.sub(r'/\*.*?\*/|//[^\n]*', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)


def has_strings(rel):
    path = os.path.join(root, rel)
    if ALWAYS.search(rel):
        return True
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    if rel.endswith('.ui'):
        return UI_MARK.search(text) is not None
    if rel.endswith(('.c', '.h')):
        return C_MARK.search(strip_c_comments(text)) is not None
    return False


listed = []
with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith('#'):
            listed.append(line)

problems = []
for rel in listed:
    if listed.count(rel) > 1:
        problems.append(f'po/POTFILES.in lists {rel} more than once')
    if not os.path.isfile(os.path.join(root, rel)):
        problems.append(f'po/POTFILES.in lists {rel}, which does not exist')
    elif not has_strings(rel):
        problems.append(f'po/POTFILES.in lists {rel}, which has no translatable string')

found = []
for top in SCAN_DIRS:
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
        for name in sorted(filenames):
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if rel.endswith(('.c', '.h', '.ui')) or ALWAYS.search(rel):
                if has_strings(rel):
                    found.append(rel)
for rel in found:
    if rel not in listed:
        problems.append(f'{rel} has translatable strings but is not in po/POTFILES.in')

# xgettext does not expand GLib's format macros: a message with G_GINT64_FORMAT (and the
# like) in it is extracted cut short and never found at run time. <inttypes.h>'s PRId64 and
# PRIu64 are understood; sizes take %zu.
FORMAT_MACRO = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\((?:[^()"]|"(?:[^"\\]|\\.)*")*?\bG_G\w+_FORMAT\b')
for rel in listed:
    if rel.endswith('.c') and os.path.isfile(os.path.join(root, rel)):
        with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
            text = strip_c_comments(f.read())
        for m in FORMAT_MACRO.finditer(text):
            line = text.count('\n', 0, m.start()) + 1
            problems.append(f'{rel}:{line}: a translatable string uses a G_G*_FORMAT macro '
                            '(xgettext cannot see through it: use PRId64/PRIu64 or %zu)')

existing = [rel for rel in listed if os.path.isfile(os.path.join(root, rel))]
if existing:
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'bindery.pot')
        run = subprocess.run(['xgettext', '--package-name=bindery', '-o', pot, '-D', root,
                              *XGETTEXT_ARGS, *existing], capture_output=True, text=True)
        if run.returncode != 0:
            problems.append('xgettext failed: ' + run.stderr.strip())
        else:
            with open(pot, encoding='utf-8') as f:
                refs = set(re.findall(r'^#: (.*)$', f.read(), flags=re.M))
            sources = {ref.rsplit(':', 1)[0] for line in refs for ref in line.split()}
            for rel in existing:
                if rel not in sources:
                    problems.append(f'xgettext takes no message from {rel}')
            print(f'xgettext: {len(sources)} files give messages')

for p in problems:
    print('FAIL:', p)
print(f'{len(listed)} files listed, {len(found)} with translatable strings found')
sys.exit(1 if problems else 0)
