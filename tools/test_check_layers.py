#!/usr/bin/env python3
"""Proves tools/check_layers.py can fail: small source trees in a temporary
folder, each with its own layer table, with includes that follow or break
it. Run by ctest (test `layers_checker`)."""

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_layers.py")

TABLE = """\
# Architecture

<!-- layers:begin -->
| layer | may include | why |
|---|---|---|
| `core/app` | every layer | top |
| `syscalls/builtin_dlls.c` `syscalls/builtin_dlls.h` | `syscalls/kernel32`, `syscalls/ntdll`, `syscalls`, `core` | one layer, two files |
| `syscalls/kernel32` | `syscalls/ntdll`, `syscalls`, `core` | |
| `syscalls/ntdll` | `syscalls`, `core` | |
| `syscalls` | `core` | |
| `loader` | `core` | |
| `core` | | bottom |
<!-- layers:end -->
"""

GOOD = {
    "core/vm.h": "#include <stdint.h>\n",
    "core/thread.c": '#include "core/vm.h"\n',
    "core/app/main.c": '#include "core/vm.h"\n#include "loader/pe.h"\n#include "syscalls/kernel32/file.h"\n',
    "loader/pe.h": '#include "core/vm.h"\n',
    "syscalls/api.h": '#include "core/vm.h"\n',
    "syscalls/ntdll/file.c": '#include "syscalls/api.h"\n#include "file.h"\n',
    "syscalls/ntdll/file.h": "",
    "syscalls/kernel32/file.h": "",
    "syscalls/kernel32/file.c": '#include "syscalls/kernel32/file.h"\n#include "syscalls/ntdll/file.h"\n',
    "syscalls/builtin_dlls.h": '#include "syscalls/api.h"\n',
    "syscalls/builtin_dlls.c": '#include "syscalls/builtin_dlls.h"\n#include "syscalls/kernel32/file.h"\n',
    "tests/unit/test_vm.c": '#include "core/app/main.c"\n',  # tests are outside the rule
}


class CheckLayers(unittest.TestCase):
    def tree(self, files, table=TABLE):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        for rel, text in {**files, "docs/architecture.md": table}.items():
            path = os.path.join(tmp.name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        return tmp.name

    def run_checker(self, root):
        return subprocess.run([sys.executable, CHECKER, "--root", root], capture_output=True, text=True)

    def test_clean_tree_passes(self):
        r = self.run_checker(self.tree(GOOD))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("every include follows the 7 layers", r.stdout)

    def test_upward_include_fails_naming_file_line_and_include(self):
        files = dict(GOOD)
        files["core/thread.c"] = '#include "core/vm.h"\n\n#include "loader/pe.h"\n'
        r = self.run_checker(self.tree(files))
        self.assertEqual(r.returncode, 1)
        self.assertIn('core/thread.c:3: #include "loader/pe.h": layer core may not include layer loader', r.stderr)
        self.assertNotIn("core/app/main.c", r.stderr)

    def test_the_top_layer_is_not_included_from_below(self):
        files = dict(GOOD)
        files["core/heap.c"] = '#include "core/app/main.c"\n'
        r = self.run_checker(self.tree(files))
        self.assertEqual(r.returncode, 1)
        self.assertIn('core/heap.c:1: #include "core/app/main.c": layer core may not include layer core/app', r.stderr)

    def test_dll_folders_follow_windows_order(self):
        files = dict(GOOD)
        files["syscalls/ntdll/file.c"] = '#include "syscalls/api.h"\n  #  include "syscalls/kernel32/file.h"\n'
        r = self.run_checker(self.tree(files))
        self.assertEqual(r.returncode, 1)
        self.assertIn('syscalls/ntdll/file.c:2: #include "syscalls/kernel32/file.h": layer syscalls/ntdll may not '
                      'include layer syscalls/kernel32 (it may include: core, syscalls)', r.stderr)

    def test_shared_pieces_do_not_include_a_dll(self):
        files = dict(GOOD)
        files["syscalls/dispatch.c"] = '#include "syscalls/ntdll/file.h"\n'
        r = self.run_checker(self.tree(files))
        self.assertEqual(r.returncode, 1)
        self.assertIn("syscalls/dispatch.c:1:", r.stderr)

    def test_a_row_of_files_is_one_layer_above_its_folder(self):
        files = dict(GOOD)
        files["syscalls/dispatch.c"] = '#include "syscalls/api.h"\n#include "syscalls/builtin_dlls.h"\n'
        r = self.run_checker(self.tree(files))
        self.assertEqual(r.returncode, 1)
        self.assertIn('syscalls/dispatch.c:2: #include "syscalls/builtin_dlls.h": layer syscalls may not include '
                      'layer syscalls/builtin_dlls.c', r.stderr)
        self.assertNotIn("syscalls/builtin_dlls.c:", r.stderr)

    def test_include_beside_the_source_is_resolved(self):
        files = dict(GOOD)
        files["loader/peb.h"] = ""
        files["core/stack.c"] = '#include "peb.h"\n'          # no core/peb.h: not the loader's
        files["loader/peb.c"] = '#include "peb.h"\n'          # the loader's own
        r = self.run_checker(self.tree(files))
        self.assertEqual(r.returncode, 0, r.stderr)
        files["core/stack.c"] = '#include "../loader/peb.h"\n'
        r = self.run_checker(self.tree(files))
        self.assertEqual(r.returncode, 1)
        self.assertIn('core/stack.c:1: #include "../loader/peb.h": layer core may not include layer loader', r.stderr)

    @unittest.skipUnless(shutil.which("cc") and shutil.which("nm"), "needs cc and nm")
    def test_symbol_reached_around_the_includes_fails(self):
        root = self.tree(GOOD)
        sources = {
            "loader/module.c": "int module_find(const char *n) { return n != 0; }\n",
            # a hand-written prototype instead of an include: the include check cannot see it
            "core/seh.c": "int module_find(const char *n);\nint seh_exit(void) { return module_find(\"k\"); }\n",
            "core/app/start.c": "int module_find(const char *n);\nint seh_exit(void);\n"
                                "int start(void) { return module_find(\"x\") + seh_exit(); }\n",
        }
        objects = []
        for rel, text in sources.items():
            src = os.path.join(root, rel)
            with open(src, "w") as f:
                f.write(text)
            obj = os.path.join(root, "build", "CMakeFiles", "lib.dir", rel + ".o")
            os.makedirs(os.path.dirname(obj), exist_ok=True)
            subprocess.run(["cc", "-c", src, "-o", obj], check=True)
            objects.append(obj)
        r = subprocess.run([sys.executable, CHECKER, "--root", root, "--objects", *objects],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("core/seh.c: uses module_find (defined in loader/module.c): layer core may not reach "
                      "layer loader", r.stderr)
        self.assertNotIn("core/app/start.c:", r.stderr)
        r = subprocess.run([sys.executable, CHECKER, "--root", root, "--objects", objects[0], objects[2]],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_sources_outside_every_layer_fail(self):
        files = dict(GOOD)
        files["net/socket.c"] = '#include "core/vm.h"\n'
        files["build/generated/x.h"] = ""
        files["build/CMakeCache.txt"] = ""
        r = self.run_checker(self.tree(files))
        self.assertEqual(r.returncode, 1)
        self.assertIn("net/: holds sources but is in no layer", r.stderr)
        self.assertNotIn("build/", r.stderr)

    def test_cycle_in_the_table_is_refused(self):
        table = TABLE.replace("| `core` | | bottom |", "| `core` | `loader` | bottom |")
        r = self.run_checker(self.tree(GOOD, table))
        self.assertEqual(r.returncode, 2)
        self.assertIn("cycle", r.stderr)

    def test_unknown_layer_in_the_table_is_refused(self):
        table = TABLE.replace("| `loader` | `core` |", "| `loader` | `kore` |")
        r = self.run_checker(self.tree(GOOD, table))
        self.assertEqual(r.returncode, 2)
        self.assertIn("`kore`, which is not a layer", r.stderr)

    def test_missing_table_is_refused(self):
        r = self.run_checker(self.tree(GOOD, "# Architecture\n\nno table here\n"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("no layer table", r.stderr)


if __name__ == "__main__":
    unittest.main()
