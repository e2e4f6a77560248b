#!/usr/bin/env python3
"""Write the student's skeleton (exercises/) from the reference (solutions/).

solutions/ is the single source of truth. A function the student writes has
its whole body between two marker lines:

    /* SOLUTION BEGIN waker_clone: Cloning, waking, dropping */
    ...
    /* SOLUTION END */

The name after BEGIN is the function's own name; after the colon comes the
exact title of a section of the chapter (chapters/<chapter folder>.md). In
the skeleton the region becomes a stub that names the function and the
section, silences the unused parameters, and stops loudly when called
(TODO_NOT_DONE never returns). Everything else is copied as it is, so the
headers of both trees are identical and their objects link together.

A reference function may also carry a fast path for the benchmarks, written
just above the simple version it short-cuts and marked the same way:

    /* FAST PATH BEGIN: what it skips; the simple version is below */
    ...
    /* FAST PATH END */

The skeleton leaves fast paths out altogether (the student writes the simple
version, and the tests run it on every path), so a SOLUTION region may start
right after a fast path instead of right after the function's '{'.

Usage:
    gen-exercises.py [--solutions DIR] [--out DIR] [--only FUNCTION]
    gen-exercises.py --list
--only stubs that one function and keeps every other solution: the tree the
verify step builds to prove that each TODO is caught by a test.
"""

import argparse
import os
import re
import shutil
import sys

BEGIN = re.compile(r"^(\s*)/\* SOLUTION BEGIN (\w+): (.+?) \*/\s*$")
END = re.compile(r"^\s*/\* SOLUTION END \*/\s*$")
SNIPPET = re.compile(r"^\s*/// \[")
FAST_BEGIN = re.compile(r"^\s*/\* FAST PATH BEGIN: .+\*/\s*$")
FAST_END = re.compile(r"^\s*/\* FAST PATH END \*/\s*$")
IDENT = re.compile(r"[A-Za-z_]\w*")


class GenError(Exception):
    pass


def heading_titles(chapter_md):
    """The titles of the ## and ### headings of a chapter file."""
    titles = set()
    with open(chapter_md, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^#{2,4}\s+(.+?)\s*(\{#[\w-]+\})?\s*$", line)
            if m:
                titles.add(m.group(1))
    return titles


def split_params(text):
    """Split a parameter list at the commas that are not inside parentheses."""
    params, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            params.append(cur)
            cur = ""
        else:
            cur += ch
    params.append(cur)
    return [p.strip() for p in params if p.strip()]


def param_name(param):
    """The name a parameter declares ('const struct waker *w' -> 'w')."""
    if param == "void" or param == "...":
        return None
    m = re.search(r"\(\s*\*\s*(\w+)\s*\)", param)  # a function pointer
    if m:
        return m.group(1)
    param = re.sub(r"\[[^\]]*\]", "", param)  # arrays
    names = IDENT.findall(param)
    return names[-1] if names else None


def signature_of(lines, begin_index, path):
    """The function name and parameter names of the body that opens just
    above line begin_index (which must be the body's first line)."""
    brace = begin_index - 1
    if brace < 0 or lines[brace].rstrip() != "{":
        raise GenError(f"{path}:{begin_index + 1}: a SOLUTION region must be a whole "
                       "function body: put BEGIN on the line right after the '{' that "
                       "opens the function (at column 0)")
    start = brace - 1
    while start > 0 and lines[start - 1].strip() and not re.search(
            r"(\*/|;|\}|^#.*)\s*$", lines[start - 1]):
        start -= 1
    signature = " ".join(l.strip() for l in lines[start:brace])
    open_paren = signature.find("(")
    if open_paren < 0:
        raise GenError(f"{path}:{brace}: cannot find the signature of this function")
    name_match = re.search(r"(\w+)\s*$", signature[:open_paren])
    depth, close = 0, -1
    for i in range(open_paren, len(signature)):
        if signature[i] == "(":
            depth += 1
        elif signature[i] == ")":
            depth -= 1
            if depth == 0:
                close = i
                break
    if not name_match or close < 0:
        raise GenError(f"{path}:{brace}: cannot parse the signature '{signature}'")
    params = [param_name(p) for p in split_params(signature[open_paren + 1:close])]
    return name_match.group(1), [p for p in params if p]


def regions(lines, path):
    """Yield (begin, end, indent, function, section, params) for each region."""
    i = 0
    while i < len(lines):
        m = BEGIN.match(lines[i])
        if END.match(lines[i]):
            raise GenError(f"{path}:{i + 1}: SOLUTION END without a BEGIN")
        if not m:
            i += 1
            continue
        indent, function, section = m.groups()
        name, params = signature_of(lines, i, path)
        if name != function:
            raise GenError(f"{path}:{i + 1}: the region says '{function}' but it is the "
                           f"body of '{name}'")
        j = i + 1
        while j < len(lines) and not END.match(lines[j]):
            if BEGIN.match(lines[j]):
                raise GenError(f"{path}:{j + 1}: a SOLUTION region inside another")
            if SNIPPET.match(lines[j]):
                raise GenError(f"{path}:{j + 1}: a book snippet marker inside a SOLUTION "
                               "region would print the answer in the book")
            j += 1
        if j == len(lines):
            raise GenError(f"{path}:{i + 1}: SOLUTION BEGIN without an END")
        if j + 1 >= len(lines) or lines[j + 1].rstrip() != "}":
            raise GenError(f"{path}:{j + 1}: SOLUTION END must be followed by the '}}' "
                           "that closes the function")
        yield i, j, indent, function, section, params
        i = j + 1


def stub(indent, function, section, params, chapter_md):
    out = [f'{indent}/* TODO: write {function}(). Read {chapter_md}, section "{section}". */\n']
    out += [f"{indent}(void){p};\n" for p in params]
    out.append(f'{indent}TODO_NOT_DONE("{function}", "{chapter_md}", "{section}");\n')
    return out


def without_fast_paths(lines, path):
    """The lines with every FAST PATH region taken out, and for each line kept
    its index in the original file (for messages and --list)."""
    kept, origin, inside, just_closed = [], [], None, False
    for i, line in enumerate(lines):
        if FAST_BEGIN.match(line):
            if inside is not None:
                raise GenError(f"{path}:{i + 1}: a FAST PATH region inside another")
            inside = i
        elif FAST_END.match(line):
            if inside is None:
                raise GenError(f"{path}:{i + 1}: FAST PATH END without a BEGIN")
            inside = None
            just_closed = True
        elif inside is None:
            # A region between two blank lines leaves one blank line, not two.
            if just_closed and not line.strip() and kept and not kept[-1].strip():
                just_closed = False
                continue
            just_closed = False
            kept.append(line)
            origin.append(i)
        elif BEGIN.match(line) or END.match(line):
            raise GenError(f"{path}:{i + 1}: a SOLUTION marker inside a FAST PATH region")
    if inside is not None:
        raise GenError(f"{path}:{inside + 1}: FAST PATH BEGIN without an END")
    return kept, origin


def transform(path, chapter, only, titles_cache, found):
    """The skeleton text of one solution file."""
    with open(path, encoding="utf-8") as f:
        lines, origin = without_fast_paths(f.readlines(), path)
    chapter_md = f"chapters/{chapter}.md"
    out, last = [], 0
    for begin, end, indent, function, section, params in regions(lines, path):
        if chapter_md not in titles_cache:
            if not os.path.exists(chapter_md):
                raise GenError(f"{path}:{begin + 1}: {chapter_md} does not exist")
            titles_cache[chapter_md] = heading_titles(chapter_md)
        if section not in titles_cache[chapter_md]:
            raise GenError(f"{path}:{begin + 1}: {chapter_md} has no section titled "
                           f"'{section}'")
        if function in found:
            raise GenError(f"{path}:{begin + 1}: '{function}' is marked twice")
        found[function] = (chapter, path, origin[begin] + 1, section)
        if not any('#include "diag.h"' in l for l in lines):
            raise GenError(f'{path}: has SOLUTION regions but does not #include "diag.h"')
        out += lines[last:begin]
        if only is None or only == function:
            out += stub(indent, function, section, params, chapter_md)
        else:
            out += lines[begin + 1:end]
        last = end + 1
    out += lines[last:]
    return "".join(out)


def generate(solutions, out_dir, only):
    found, titles = {}, {}
    outputs = {}
    for root, _dirs, files in sorted(os.walk(solutions)):
        rel_root = os.path.relpath(root, solutions)
        chapter = rel_root.split(os.sep)[0]
        for name in sorted(files):
            src = os.path.join(root, name)
            rel = os.path.normpath(os.path.join(rel_root, name))
            if name.endswith(".c"):
                outputs[rel] = transform(src, chapter, only, titles, found)
            else:
                outputs[rel] = None  # copied as it is
    if only is not None and only not in found:
        raise GenError(f"no SOLUTION region is named '{only}'")
    if out_dir is not None:
        if os.path.isdir(out_dir):
            shutil.rmtree(out_dir)
        for rel, text in outputs.items():
            dst = os.path.join(out_dir, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if text is None:
                shutil.copyfile(os.path.join(solutions, rel), dst)
            else:
                with open(dst, "w", encoding="utf-8") as f:
                    f.write(text)
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--solutions", default="solutions")
    ap.add_argument("--out", default="exercises")
    ap.add_argument("--only", help="stub only this function (for verification)")
    ap.add_argument("--list", action="store_true",
                    help="print 'chapter function file:line section' for each TODO")
    args = ap.parse_args()
    try:
        found = generate(args.solutions, None if args.list else args.out, args.only)
    except GenError as e:
        print(f"gen-exercises: {e}", file=sys.stderr)
        return 1
    if args.list:
        for function, (chapter, path, line, section) in sorted(
                found.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[1][2])):
            print(f"{chapter} {function} {path}:{line} {section}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
