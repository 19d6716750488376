#!/usr/bin/env python3
"""Proves tools/gen_api_args.py holds handlers to their declarations: the
argument grammar (names, 8-byte types, variadic tails, annotations after the
name), its refusals, and that a declaration whose size disagrees with the
export's @N does not compile. Run by ctest (test `api_args_generator`)."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_api_args as gen  # noqa: E402

CC = shutil.which("cc") or shutil.which("gcc")


def compiles(header):
    """Whether a C file including the header compiles."""
    with tempfile.TemporaryDirectory() as d:
        h = os.path.join(d, "api_args.h")
        c = os.path.join(d, "t.c")
        with open(h, "w") as f:
            f.write(header)
        with open(c, "w") as f:
            f.write('#include "api_args.h"\nint main(void) { return 0; }\n')
        r = subprocess.run([CC, "-std=gnu17", "-c", c, "-o", os.devnull], capture_output=True)
        return r.returncode == 0


class Grammar(unittest.TestCase):
    def test_names_and_types(self):
        args, variadic = gen.parse_args("t", "s lpName, l llOffset, f x, u n")
        self.assertEqual(args, [("s", "lpName"), ("l", "llOffset"), ("f", "x"), ("u", "n")])
        self.assertFalse(variadic)

    def test_annotations_after_the_name_are_ignored(self):
        args, _ = gen.parse_args("t", "h hFile, p lpBuffer out[*lpRead, 2], u nSize, p lpRead out u")
        self.assertEqual([n for _, n in args], ["hFile", "lpBuffer", "nSize", "lpRead"])

    def test_variadic_keeps_the_fixed_part(self):
        args, variadic = gen.parse_args("t", "p buffer, s format, ...")
        self.assertEqual([n for _, n in args], ["buffer", "format"])
        self.assertTrue(variadic)

    def test_refusals(self):
        for bad in ("p", "q lpThing", "u a, u a", "i int"):
            with self.subTest(bad=bad), self.assertRaises(gen.DeclError):
                gen.parse_args("t", bad)


@unittest.skipUnless(CC, "no C compiler")
class Pinned(unittest.TestCase):
    EXPORTS = {"Foo": (12, "STDCALL"), "Bar": (0, "CDECL")}

    def header(self, foo_args):
        decls = [("x_apis.h", 1, "Foo", foo_args), ("x_apis.h", 2, "Bar", "s fmt, ...")]
        return gen.render_decls("x", decls, self.EXPORTS)

    def test_matching_declaration_compiles(self):
        h = self.header("h hThing, l llWhere")
        self.assertIn("uint64_t llWhere;", h)
        self.assertIn("struct x_Bar_args", h)
        self.assertTrue(compiles(h))

    def test_declaration_against_the_export_fails_to_compile(self):
        self.assertFalse(compiles(self.header("h hThing, u where")))  # 8 bytes, the export says 12
        self.assertFalse(compiles(self.header("h hThing, l llWhere, u more")))

    def test_unknown_export_is_refused(self):
        with self.assertRaises(gen.DeclError):
            gen.render_decls("x", [("x_apis.h", 1, "Nope", "u a")], self.EXPORTS)


if __name__ == "__main__":
    unittest.main()
