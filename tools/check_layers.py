#!/usr/bin/env python3
"""Checks that folders include each other in one direction only.

The allowed includes are declared once, in the layer table of
docs/architecture.md (between the `layers:begin` and `layers:end` markers):
each row names a layer (a folder, or a file that sits above its folder) and
the layers it may include. A file belongs to the most specific layer whose
path is the file or one of its folders; a layer may always include itself.
Every `#include "..."` of a file in a layer must name a file of an allowed
layer; tests/, tools/ and third_party/ are outside the rule.

Exit status 0 when every include follows the table, 1 with one line per
offending include (file:line: the include and the rule it breaks), 2 when
the table itself is malformed or has a cycle.

    python3 tools/check_layers.py [--root DIR] [--table FILE]
"""

import argparse
import os
import re
import sys

BEGIN = "<!-- layers:begin"
END = "<!-- layers:end"
SOURCE_EXTS = (".c", ".h", ".S", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
TICKED = re.compile(r"`([^`]+)`")
EVERYTHING = "every layer"


class TableError(Exception):
    pass


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
    table = {}
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
        for layer in layers:
            layer = layer.rstrip("/")
            if layer in table:
                raise TableError(f"{path}:{lineno}: layer `{layer}` declared twice")
            table[layer] = {a.rstrip("/") for a in allowed}
    for layer, allowed in table.items():
        for a in allowed:
            if a != "*" and not expand(a, table):
                raise TableError(f"{path}: layer `{layer}` may include `{a}`, which is not a layer of the table")
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
    for layer in table:
        if relpath == layer or relpath.startswith(layer + "/"):
            if best is None or len(layer) > len(best):
                best = layer
    return best


def resolve(root, src_rel, target):
    """The root-relative path an include names, searched as the compiler
    does for quotes: beside the including file first, then from the root
    (the project's -I); a path climbing out with ../ stays relative."""
    beside = os.path.normpath(os.path.join(os.path.dirname(src_rel), target)).replace(os.sep, "/")
    if os.path.exists(os.path.join(root, beside)) or target.startswith("."):
        return beside
    return os.path.normpath(target).replace(os.sep, "/")


def sources(root, table):
    tops = sorted({l.split("/")[0] for l in table})
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


def check(root, table):
    """Returns the list of violation lines."""
    problems = []
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


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Checks includes against the layer table of docs/architecture.md.")
    ap.add_argument("--root", default=os.path.dirname(here), help="source tree (default: this checkout)")
    ap.add_argument("--table", help="file holding the layer table (default: ROOT/docs/architecture.md)")
    args = ap.parse_args(argv)
    table_path = args.table or os.path.join(args.root, "docs", "architecture.md")
    try:
        table = read_table(table_path)
    except TableError as e:
        print(f"check_layers: {e}", file=sys.stderr)
        return 2
    problems = check(args.root, table)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} include(s) go against the layers declared in {table_path} "
              f"(fix the include, or move the code to the layer it belongs to)", file=sys.stderr)
        return 1
    print(f"check_layers: every include follows the {len(table)} layers of {table_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
