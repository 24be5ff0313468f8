#!/usr/bin/env python3
# The layers of src/ point down only (ARCHITECTURE.md, README "Layout"):
#   app/cli/thumbnailer → models, convert, watch, scan, thumbs → jobs, catalog, book → metadata → util
# Checked on every quoted #include of every .c and .h under src/:
#   - a core module includes headers of its own tier or below, never above;
#   - the modules' include graph has no circle (so same-tier edges such as watch → scan
#     stay one-way);
#   - inside book/, the dispatch (bindery-book.h) sits above the readers and the book-info
#     type: no reader (*-reader.c) and no bindery-book-info* file includes it;
#   - src/core includes no GTK or libadwaita header, and the CLI and the thumbnailer no
#     header of the app.
# Usage: check-layers.py SOURCE_ROOT        (prints each problem, exits 1 if any)
#        check-layers.py --self-test        (proves on a scratch tree that each rule bites)
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys
import tempfile

TIERS = {
    'util': 0,
    'metadata': 1,
    'book': 2, 'catalog': 2, 'jobs': 2,
    'models': 3, 'convert': 3, 'watch': 3, 'scan': 3, 'thumbs': 3,
}
TOP = {'app', 'cli', 'thumbnailer'}
QUOTED = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
ANGLED = re.compile(r'^\s*#\s*include\s+<([^>]+)>', re.M)


def sources(root):
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(('.c', '.h')):
                yield os.path.join(dirpath, name)


def owner(path, src):
    """('core', module) for src/core/MODULE/…, ('top', part) for src/PART/…."""
    parts = os.path.relpath(path, src).split(os.sep)
    if parts[0] == 'core':
        return ('core', parts[1] if len(parts) > 2 else None)
    return ('top', parts[0])


def check(root):
    src = os.path.join(root, 'src')
    problems = []
    headers = {}  # basename → owner, for every header under src/
    for path in sources(src):
        if path.endswith('.h'):
            name = os.path.basename(path)
            if name in headers and headers[name] != owner(path, src):
                problems.append('%s: header name is not unique under src/' % name)
            headers[name] = owner(path, src)

    edges = {}
    for path in sources(src):
        rel = os.path.relpath(path, root)
        kind, part = owner(path, src)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        if kind == 'core':
            for inc in ANGLED.findall(text):
                if inc.startswith(('gtk/', 'adwaita')):
                    problems.append('%s: the core includes <%s> (no GTK below src/app)' % (rel, inc))
        for inc in QUOTED.findall(text):
            target = headers.get(os.path.basename(inc))
            if target is None:
                continue  # config.h, generated headers
            if kind == 'top':
                if part != 'app' and target == ('top', 'app'):
                    problems.append('%s: includes "%s" of the app' % (rel, inc))
                continue
            if target[0] == 'top':
                problems.append('%s: the core includes "%s" of src/%s' % (rel, inc, target[1]))
                continue
            if part is None or target[1] is None or target[1] == part:
                continue
            if part not in TIERS or target[1] not in TIERS:
                problems.append('%s: module %s or %s has no tier in check-layers.py'
                                % (rel, part, target[1]))
                continue
            if TIERS[target[1]] > TIERS[part]:
                problems.append('%s: %s includes "%s" of %s, a layer above it'
                                % (rel, part, inc, target[1]))
            edges.setdefault(part, set()).add(target[1])
        if kind == 'core' and part == 'book' and (path.endswith('-reader.c') or os.path.basename(path).startswith('bindery-book-info')):
            if 'bindery-book.h' in QUOTED.findall(text):
                problems.append('%s: includes the dispatch header bindery-book.h, which sits above the readers' % rel)

    # A circle between modules, found by depth-first search.
    state = {}

    def visit(module, trail):
        state[module] = 'open'
        for nxt in sorted(edges.get(module, ())):
            if state.get(nxt) == 'open':
                circle = trail[trail.index(nxt):] + [nxt]
                problems.append('include circle between modules: %s' % ' → '.join(circle))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[module] = 'done'

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    return problems


def self_test():
    """Each rule reports a scratch tree that breaks it, and passes the same tree whole."""
    def tree(files):
        root = tempfile.mkdtemp(prefix='check-layers-')
        for rel, text in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
        return root

    good = {
        'src/core/util/bindery-util.h': '#pragma once\n',
        'src/core/catalog/bindery-catalog.h': '#include "bindery-util.h"\n',
        'src/core/scan/bindery-scan.c': '#include "bindery-catalog.h"\n',
        'src/core/watch/bindery-watch.c': '#include "bindery-scan.h"\n',
        'src/core/scan/bindery-scan.h': '#include <gio/gio.h>\n',
        'src/core/book/bindery-book.h': '#include "bindery-book-private.h"\n',
        'src/core/book/bindery-book-private.h': '#pragma once\n',
        'src/core/book/bindery-zip-reader.c': '#include "bindery-book-private.h"\n',
        'src/app/bindery-window.h': '#include <gtk/gtk.h>\n#include "bindery-scan.h"\n',
        'src/cli/bindery-cli.c': '#include "bindery-scan.h"\n',
    }
    assert check(tree(good)) == [], check(tree(good))
    breaks = {
        'a layer above it': {'src/core/catalog/bindery-catalog.c': '#include "bindery-scan.h"\n'},
        'include circle': {'src/core/scan/bindery-scan-watch.c': '#include "bindery-watch.h"\n',
                           'src/core/watch/bindery-watch.h': '#pragma once\n'},
        'dispatch header': {'src/core/book/bindery-zip-reader.c': '#include "bindery-book.h"\n'},
        'no GTK below': {'src/core/util/bindery-util.c': '#include <gtk/gtk.h>\n'},
        'of the app': {'src/cli/bindery-cli.c': '#include "bindery-window.h"\n'},
        'no tier': {'src/core/newmod/bindery-new.c': '#include "bindery-util.h"\n'},
    }
    for expected, change in breaks.items():
        problems = check(tree(dict(good, **change)))
        assert any(expected in p for p in problems), (expected, problems)
    print('self-test: every rule reports its broken tree')


def main():
    if sys.argv[1:] == ['--self-test']:
        self_test()
        return 0
    if len(sys.argv) != 2:
        print(__doc__ or 'usage: check-layers.py SOURCE_ROOT | --self-test', file=sys.stderr)
        return 2
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    if not problems:
        print('layers: every include points down')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
