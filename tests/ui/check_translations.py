#!/usr/bin/env python3
"""Every user-visible string of the desktop UI (and every message template of
core, which the browser UI shows too) has a finished translation.

Runs lupdate over ui/ and core's message tables into a scratch file (the strings the code has today)
and checks that each one is translated in every committed .ts file, with
the right number of plural forms, and that the placeholders (%1, %n, ...)
survive translation.
  check_translations.py [--tr-function-alias SPEC] [--source FILE]... LUPDATE UI_DIR TS_FILE...
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def messages(ts_path):
    out = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name")
        for m in context.iter("message"):
            out[(name, m.findtext("source"))] = m
    return out


def placeholders(text):
    return sorted(set(re.findall(r"%(?:\d+|n)", text or "")))


def main():
    # Options first: --tr-function-alias SPEC and --source FILE (more sources
    # to scan, such as core's message tables), as ui/CMakeLists.txt gives lupdate.
    args, aliases, sources = sys.argv[1:], [], []
    while args and args[0] in ("--tr-function-alias", "--source"):
        (aliases if args[0] == "--tr-function-alias" else sources).append(args[1])
        args = args[2:]
    lupdate, ui_dir, ts_files = args[0], args[1], args[2:]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = f"{tmp}/current.ts"
        # -I: the headers as the code includes them ("ui/...") so that classes get their namespaces.
        root = os.path.dirname(os.path.abspath(ui_dir))
        options = [o for alias in aliases for o in ("-tr-function-alias", alias)]
        subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none", "-I", root, *options,
                        ui_dir, *sources, "-ts", scratch], check=True)
        current = messages(scratch)
    if not current:
        print("lupdate found no strings in", ui_dir)
        return 1
    problems = []
    for ts in ts_files:
        committed = messages(ts)
        for key, _ in current.items():
            m = committed.get(key)
            where = f"{ts}: [{key[0]}] {key[1]!r}"
            if m is None:
                problems.append(f"{where}: missing (run the update_translations target and translate it)")
                continue
            t = m.find("translation")
            if t is None or t.get("type") in ("unfinished", "vanished", "obsolete"):
                problems.append(f"{where}: not translated")
                continue
            forms = [f.text for f in t.findall("numerusform")] if m.get("numerus") == "yes" else [t.text]
            if not all(forms):
                problems.append(f"{where}: empty translation")
                continue
            for form in forms:
                if m.get("numerus") == "yes" and len(forms) == 1:
                    want = [p for p in placeholders(key[1])]
                else:
                    want = placeholders(key[1])
                got = placeholders(form)
                # A plural form may leave %n out ("one row"), nothing else.
                if [p for p in want if p != "%n"] != [p for p in got if p != "%n"]:
                    problems.append(f"{where}: placeholders {want} became {got} in {form!r}")
    for p in problems:
        print(p)
    print(f"{len(current)} strings, {len(ts_files)} languages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
