#!/usr/bin/env python3
# The man pages describe what the programs have, as the programs themselves say it:
#  - bindery-cli(1): every command listed by `bindery-cli --help` (and every sub-command a
#    command's --help lists under "Commands:") has its own .SS heading, every option its
#    --help prints appears in that command's section, and every library option key
#    (`library --help`) appears under LIBRARY OPTIONS;
#  - bindery(1) and bindery-thumbnailer(1): every option of their --help appears.
# Usage: check-man.py MANDIR BINDERY_CLI BINDERY_THUMBNAILER [BINDERY]
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys

mandir, cli, thumbnailer = sys.argv[1:4]
app = sys.argv[4] if len(sys.argv) > 4 else None
env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)
problems = []


def run(*argv):
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    if result.returncode != 0:
        problems.append(f'{" ".join(argv)} exited {result.returncode}: {result.stderr.strip()}')
    return result.stdout


def block(text, title):
    """The lines of a help block that starts with a line 'title' and ends at a blank line."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == title:
            out = []
            for rest in lines[i + 1:]:
                if not rest.strip():
                    break
                out.append(rest)
            return out
    return []


def commands_of(help_text):
    return [m.group(1) for line in block(help_text, 'Commands:')
            if (m := re.match(r'^  ([a-z][a-z0-9-]*)\b', line))]


def options_of(help_text):
    found = set(re.findall(r'(?<![\w-])(--[a-z][a-z0-9-]*)', '\n'.join(block(help_text, 'Application Options:'))))
    found |= set(re.findall(r'(?<![\w-])(-[a-zA-Z])\b', '\n'.join(block(help_text, 'Application Options:'))))
    return sorted(found)


def page(name):
    with open(os.path.join(mandir, name), encoding='utf-8') as f:
        return f.read()


def plain(troff):
    """The page's text with the escapes that matter here undone (\\- is -, fonts dropped)."""
    text = troff.replace('\\-', '-').replace('\\(em', '—')
    return re.sub(r'\\f[BIRP]', '', text)


def sections(troff):
    """{heading: text} for each .SS (and .SH) of a page."""
    out = {}
    current = None
    for line in troff.splitlines():
        m = re.match(r'^\.(SS|SH)\s+"?([^"]*)"?', line)
        if m:
            current = plain(m.group(2)).strip()
            out[current] = ''
        elif current is not None:
            out[current] += plain(line) + '\n'
    return out


# --- bindery-cli ---------------------------------------------------------------------------
cli_page = page('bindery-cli.1')
cli_sections = sections(cli_page)
top_help = run(cli, '--help')
commands = commands_of(top_help)
if len(commands) < 5:
    problems.append(f'bindery-cli --help lists only {commands}')
n_checked = 0
for command in commands:
    command_help = run(cli, command, '--help')
    subcommands = commands_of(command_help)
    targets = [[command, sub] for sub in subcommands] if subcommands else [[command]]
    for words in targets:
        name = ' '.join(words)
        heading = next((h for h in cli_sections if h == name or h.startswith(name + ' ')), None)
        if heading is None:
            problems.append(f'bindery-cli.1 has no section (.SS) for the command "{name}"')
            continue
        n_checked += 1
        text = heading + '\n' + cli_sections[heading]
        help_text = run(cli, *words, '--help') if subcommands else command_help
        for option in options_of(help_text):
            if option not in ('--help', '-h') and not re.search(re.escape(option) + r'(?![\w-])', text):
                problems.append(f'bindery-cli.1: the section of "{name}" does not name its option {option}')
    if command == 'library':
        keys = [m.group(1) for line in block(command_help, 'Options (KEY VALUE):')
                if (m := re.match(r'^  ([a-z][a-z0-9-]*)\s', line))]
        options_text = cli_sections.get('LIBRARY OPTIONS', '')
        if not keys:
            problems.append('bindery-cli library --help lists no option keys')
        for key in keys:
            if not re.search(r'^\.BR? ' + re.escape(key) + r'\b', options_text.replace('\\-', '-'), re.M) and \
               not re.search(r'(?m)^' + re.escape(key) + r'\b', options_text):
                problems.append(f'bindery-cli.1: LIBRARY OPTIONS does not describe the key {key}')
for global_option in options_of(top_help.replace('Usage:', 'Application Options:')) + ['--data-dir', '--version']:
    if global_option not in plain(cli_sections.get('OPTIONS', '')):
        problems.append(f'bindery-cli.1: OPTIONS does not name {global_option}')
for required in ('EXIT STATUS', 'ENVIRONMENT', 'FILES'):
    if required not in cli_sections:
        problems.append(f'bindery-cli.1 has no {required} section')

# --- bindery-thumbnailer and bindery ---------------------------------------------------------
pages = [('bindery-thumbnailer.1', thumbnailer)] + ([('bindery.1', app)] if app else [])
for name, program in pages:
    text = plain(page(name))
    for option in options_of(run(program, '--help')):
        if option not in text:
            problems.append(f'{name} does not name the option {option}')

for p in problems:
    print('FAIL:', p)
print(f'{len(commands)} commands, {n_checked} command sections checked in bindery-cli.1')
sys.exit(1 if problems else 0)
