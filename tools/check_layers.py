#!/usr/bin/env python3
"""Checks that folders include each other in one direction only.

The allowed includes are declared once, in the layer table of
docs/architecture.md (between the `layers:begin` and `layers:end` markers):
each row names a layer (a folder, or a file that sits above its folder) and
the layers it may include. A file belongs to the most specific layer whose
path is the file or one of its folders; a layer may always include itself.
Every `#include "..."` of a file in a layer must name a file of an allowed
layer; tests/, tools/ and third_party/ are outside the rule.

With --objects, the same rule holds for what the compiled objects call:
a symbol an object uses must be defined in its own layer or an allowed
one, so a hand-written prototype cannot go around the include rule (hooks,
function pointers set at start-up, are how a lower layer reaches up).

Exit status 0 when every include (and symbol) follows the table, 1 with one
line per offence (file:line: the include, or file: the symbol, and the rule
it breaks), 2 when the table itself is malformed or has a cycle.

    python3 tools/check_layers.py [--root DIR] [--table FILE] [--objects OBJ.o...]
"""

import argparse
import os
import re
import subprocess
import sys

BEGIN = "<!-- layers:begin"
END = "<!-- layers:end"
SOURCE_EXTS = (".c", ".h", ".S", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
TICKED = re.compile(r"`([^`]+)`")
EVERYTHING = "every layer"
OUTSIDE = {"tests", "tools", "third_party", "docs"}  # top-level folders outside the rule


class TableError(Exception):
    pass


class Layers(dict):
    """layer name → names of the layers it may include ("*": every one);
    `members` maps each path of the table to its layer (a row naming
    several paths is one layer, named by its first)."""

    def __init__(self):
        super().__init__()
        self.members = {}


def read_table(path):
    """Returns {layer: set of allowed patterns} from the marked table."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise TableError(f"{path}: cannot read the layer table: {e.strerror}")
    try:
        start = next(i for i, l in enumerate(lines) if l.strip().startswith(BEGIN))
        end = next(i for i, l in enumerate(lines) if i > start and l.strip().startswith(END))
    except StopIteration:
        raise TableError(f"{path}: no layer table between '{BEGIN} -->' and '{END} -->'")
    rows = [(i + 1, l) for i, l in enumerate(lines[start + 1:end], start + 1) if l.strip().startswith("|")]
    if len(rows) < 3:
        raise TableError(f"{path}:{start + 1}: the layer table has no rows")
    header = [c.strip().lower() for c in rows[0][1].strip().strip("|").split("|")]
    if "layer" not in header or "may include" not in header:
        raise TableError(f"{path}:{rows[0][0]}: the layer table needs 'layer' and 'may include' columns")
    col_layer, col_allowed = header.index("layer"), header.index("may include")
    table = Layers()
    for lineno, line in rows[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != len(header):
            raise TableError(f"{path}:{lineno}: expected {len(header)} cells, found {len(cells)}")
        layers = TICKED.findall(cells[col_layer])
        if not layers:
            raise TableError(f"{path}:{lineno}: no `layer` in the first column")
        allowed = set(TICKED.findall(cells[col_allowed]))
        if EVERYTHING in cells[col_allowed]:
            allowed.add("*")
        name = layers[0].rstrip("/")
        for member in layers:
            member = member.rstrip("/")
            if member in table.members:
                raise TableError(f"{path}:{lineno}: `{member}` declared twice")
            table.members[member] = name
        table[name] = {a.rstrip("/") for a in allowed}
    for layer, allowed in table.items():
        names = set()
        for a in allowed:
            if a != "*" and a not in table.members:
                raise TableError(f"{path}: layer `{layer}` may include `{a}`, which is not a layer of the table")
            names.add(a if a == "*" else table.members[a])
        table[layer] = names
    check_acyclic(path, table)
    return table


def expand(pattern, table):
    """The layers a 'may include' entry names: one layer, or * (every layer)."""
    if pattern == "*":
        return set(table)
    return {pattern} if pattern in table else set()


def allowed_layers(layer, table):
    out = {layer}
    for a in table[layer]:
        out |= expand(a, table)
    return out


def check_acyclic(path, table):
    edges = {l: allowed_layers(l, table) - {l} for l in table}
    state = {}

    def visit(l, stack):
        state[l] = "open"
        for m in sorted(edges[l]):
            if state.get(m) == "open":
                cycle = stack[stack.index(m):] + [m] if m in stack else [l, m]
                raise TableError(f"{path}: the layer table has a cycle: {' -> '.join(cycle)}")
            if m not in state:
                visit(m, stack + [m])
        state[l] = "done"

    for l in sorted(table):
        if l not in state:
            visit(l, [l])


def layer_of(relpath, table):
    """The most specific layer holding relpath (a '/'-separated path from
    the root), or None when the path is outside every layer."""
    best = None
    for member in table.members:
        if relpath == member or relpath.startswith(member + "/"):
            if best is None or len(member) > len(best):
                best = member
    return table.members[best] if best else None


def resolve(root, src_rel, target):
    """The root-relative path an include names, searched as the compiler
    does for quotes: beside the including file first, then from the root
    (the project's -I); a path climbing out with ../ stays relative."""
    beside = os.path.normpath(os.path.join(os.path.dirname(src_rel), target)).replace(os.sep, "/")
    if os.path.exists(os.path.join(root, beside)) or target.startswith("."):
        return beside
    return os.path.normpath(target).replace(os.sep, "/")


def sources(root, table):
    tops = sorted({m.split("/")[0] for m in table.members})
    for top in tops:
        base = os.path.join(root, top)
        if os.path.isfile(base):
            yield top
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(SOURCE_EXTS):
                    yield os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")


def unlayered_folders(root, table):
    """Top-level folders with sources that no row of the table covers (a
    build tree, with its CMakeCache.txt, is not a source folder)."""
    tops = {m.split("/")[0] for m in table.members}
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if name.startswith(".") or name in tops or name in OUTSIDE or not os.path.isdir(path):
            continue
        if os.path.exists(os.path.join(path, "CMakeCache.txt")):
            continue
        for _, _, filenames in os.walk(path):
            if any(f.endswith(SOURCE_EXTS) for f in filenames):
                yield name
                break


def check(root, table):
    """Returns the list of violation lines."""
    problems = [f"{name}/: holds sources but is in no layer of the table (add a row, or move them)"
                for name in unlayered_folders(root, table)]
    for rel in sources(root, table):
        src_layer = layer_of(rel, table)
        if src_layer is None:
            continue
        ok = allowed_layers(src_layer, table)
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = resolve(root, rel, m.group(1))
                dst_layer = layer_of(target, table)
                if dst_layer is None or dst_layer in ok:
                    continue
                allowed = ", ".join(sorted(ok - {src_layer})) or "only its own files"
                problems.append(f'{rel}:{lineno}: #include "{m.group(1)}": layer {src_layer} may not include '
                                f'layer {dst_layer} (it may include: {allowed})')
    return problems


def object_source(obj):
    """The source an object was compiled from: CMake names it
    <build>/CMakeFiles/<target>.dir/<source path>.o."""
    path = obj.replace(os.sep, "/")
    m = re.search(r"CMakeFiles/[^/]+\.dir/(.+)\.o(bj)?$", path)
    return m.group(1) if m else None


def check_objects(objects, table):
    """Returns violation lines for symbols used across the layers."""
    out = subprocess.run(["nm", "-A", "-P", *objects], capture_output=True, text=True)
    if out.returncode != 0:
        return [f"check_layers: nm failed: {out.stderr.strip()}"]
    defined, used = {}, []
    for line in out.stdout.splitlines():
        obj, _, rest = line.rpartition(": ")
        fields = rest.split()
        if len(fields) < 2:
            continue
        src = object_source(obj)
        layer = layer_of(src, table) if src else None
        if layer is None:
            continue
        name, kind = fields[0], fields[1]
        if kind == "U":
            used.append((src, layer, name))
        elif kind in "TDBRCVW":
            defined[name] = (src, layer)
    problems = []
    for src, layer, name in sorted(used):
        if name not in defined:
            continue
        def_src, def_layer = defined[name]
        if def_layer in allowed_layers(layer, table):
            continue
        problems.append(f"{src}: uses {name} (defined in {def_src}): layer {layer} may not reach layer "
                        f"{def_layer} (pass it a hook set at start-up instead)")
    return problems


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Checks includes against the layer table of docs/architecture.md.")
    ap.add_argument("--root", default=os.path.dirname(here), help="source tree (default: this checkout)")
    ap.add_argument("--table", help="file holding the layer table (default: ROOT/docs/architecture.md)")
    ap.add_argument("--objects", nargs="+", default=[], help="compiled objects to check symbol by symbol")
    args = ap.parse_args(argv)
    table_path = args.table or os.path.join(args.root, "docs", "architecture.md")
    try:
        table = read_table(table_path)
    except TableError as e:
        print(f"check_layers: {e}", file=sys.stderr)
        return 2
    # CMake passes $<TARGET_OBJECTS:...> as one ;-separated argument
    args.objects = [o for arg in args.objects for o in arg.split(";") if o]
    if args.objects:
        problems, what = check_objects(args.objects, table), f"symbol used by {len(args.objects)} objects"
    else:
        problems, what = check(args.root, table), "include"
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} offence(s) against the layers declared in {table_path} "
              f"(fix them, or move the code to the layer it belongs to)", file=sys.stderr)
        return 1
    print(f"check_layers: every {what} follows the {len(table)} layers of {table_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
