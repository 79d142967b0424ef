#!/usr/bin/env python3
"""layout.py SRC - check the rules of ARCHITECTURE.md on the source tree.

- Each stage folder includes only the stages below it (the arrows point
  one way): base nothing, load and embed base, profile base and the
  loading stage's interface (load/load.h), tui base and the profile
  stage's map (profile/map.h) and cluster labels (profile/cluster.h:
  the explorer names any selection in a cluster's words), app anything,
  mpi (flowmap-mpi's program) base, the loading stage's interface (and
  its directory expansion, load/paths.h, as app's main) and app.
- Only src/load includes load/tally.h.
- No include circle among the headers.
- No .c file over 900 lines, no function over 120 lines.
Prints one line per breach; exit status 1 if any.
"""
import os
import re
import sys

src = sys.argv[1]
ALLOWED = {
    "base": set(),
    "load": {"base"},
    "embed": {"base"},
    "profile": {"base", "load/load.h"},
    "tui": {"base", "profile/map.h", "profile/cluster.h"},
    "app": {"base", "load", "profile", "embed", "tui"},
    "mpi": {"base", "load/load.h", "load/paths.h", "app"},
}
MAX_FILE_LINES = 900
MAX_FUNCTION_LINES = 120

breaches = []
includes = {}
for folder in sorted(os.listdir(src)):
    path = os.path.join(src, folder)
    if not os.path.isdir(path):
        continue
    if folder not in ALLOWED:
        breaches.append(f"{folder}/: a folder ARCHITECTURE.md does not name")
        continue
    for name in sorted(os.listdir(path)):
        if not name.endswith((".c", ".h")):
            continue
        rel = f"{folder}/{name}"
        text = open(os.path.join(path, name), encoding="utf-8").read()
        incs = re.findall(r'^#include "([a-z_]+/[a-z_]+\.h)"', text, re.M)
        includes[rel] = incs
        for inc in incs:
            stage = inc.split("/")[0]
            if stage == folder:
                continue
            if stage not in ALLOWED[folder] and inc not in ALLOWED[folder]:
                breaches.append(f"{rel}: includes {inc}, a stage it must "
                                "not know")
            if inc == "load/tally.h" and folder != "load":
                breaches.append(f"{rel}: includes load/tally.h")
        if name.endswith(".c"):
            lines = text.split("\n")
            if len(lines) - 1 > MAX_FILE_LINES:
                breaches.append(f"{rel}: {len(lines) - 1} lines, over "
                                f"{MAX_FILE_LINES}")
            start = None
            for i, line in enumerate(lines):
                if re.match(r"^[a-zA-Z_]\w*\(", line):
                    start = (i, line.split("(")[0])
                elif line.startswith("}") and start is not None:
                    if i - start[0] > MAX_FUNCTION_LINES:
                        breaches.append(f"{rel}: {start[1]}() is "
                                        f"{i - start[0]} lines, over "
                                        f"{MAX_FUNCTION_LINES}")
                    start = None

# Include circles among headers: a depth-first search.
state = {}


def visit(h, stack):
    state[h] = 1
    for inc in includes.get(h, []):
        if inc not in includes or not inc.endswith(".h"):
            continue
        if state.get(inc) == 1:
            cycle = stack[stack.index(inc):] + [inc] if inc in stack else [h, inc]
            breaches.append("include circle: " + " -> ".join(cycle))
        elif inc not in state:
            visit(inc, stack + [inc])
    state[h] = 2


for h in sorted(includes):
    if h.endswith(".h") and h not in state:
        visit(h, [h])

for b in breaches:
    print(b)
sys.exit(1 if breaches else 0)
