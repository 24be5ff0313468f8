#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sums meson test logs (BUILDDIR/meson-logs/testlog.json) into one closing line:
   'tests: N passed, N failed, N skipped' — counted per GLib test case (TAP lines in each
   program's output), with a program that failed without reporting cases counted as one failure."""
import json
import re
import sys

passed = failed = skipped = 0
for builddir in sys.argv[1:]:
    with open(f"{builddir}/meson-logs/testlog.json", encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            out = test.get("stdout") or ""
            ok = len(re.findall(r"^ok \d+", out, re.M))
            skip = len(re.findall(r"^ok \d+ .*# SKIP", out, re.M))
            bad = len(re.findall(r"^not ok \d+", out, re.M))
            result = test["result"]
            if result == "SKIP":
                skipped += 1
                continue
            if ok + bad == 0:
                # a program that is not a GLib test (validators, fuzz runner): one case
                ok = 1 if result in ("OK", "EXPECTEDFAIL") else 0
                bad = 0 if ok else 1
            elif result not in ("OK", "EXPECTEDFAIL") and bad == 0:
                bad = 1  # crashed or timed out after its last reported case
            passed += ok - skip
            skipped += skip
            failed += bad
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
