#!/usr/bin/env python3
"""Every user-visible string of the desktop UI (and every message template of
core, which the browser UI shows too) has a finished translation.

Runs lupdate over ui/ and core's message tables into a scratch file (the strings the code has today)
and checks that each one is translated in every committed .ts file, with
the right number of plural forms, and that the placeholders (%1, %n, ...)
survive translation.
  check_translations.py LUPDATE UI_DIR TS_FILE...
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
    lupdate, ui_dir, ts_files = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = f"{tmp}/current.ts"
        # -I: the headers as the code includes them ("ui/...") so that classes get their namespaces.
        # With core's message templates, marked as ui/CMakeLists.txt tells lupdate.
        root = os.path.dirname(os.path.abspath(ui_dir))
        subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none", "-I", root,
                        "-tr-function-alias", "QT_TRANSLATE_NOOP+=TUNEDESK_MESSAGE,QT_TRANSLATE_N_NOOP+=TUNEDESK_COUNTED_MESSAGE",
                        ui_dir, os.path.join(root, "core", "util", "user_error.cpp"),
                        os.path.join(root, "core", "data", "finding_messages.cpp"), "-ts", scratch], check=True)
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
