#!/usr/bin/env python3
"""Where the bytes of a WebAssembly module go, by function, after wasm-opt.

twiggy cannot read wasm-bindgen's output; this reads the code section and the name section
itself. Keep the names through wasm-opt with -g:

    wasm-bindgen --target web --out-dir /tmp/wb target/wasm32-unknown-unknown/wasm-release/fahras.wasm
    node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused \\
        --one-caller-inline-max-function-size=20 -g /tmp/wb/fahras_bg.wasm -o /tmp/wb/opt.wasm
    python3 tools/wasm_sizes.py /tmp/wb/opt.wasm [N] [--by-module]

Prints the N largest function bodies (default 40) and, with --by-module, the bytes per Rust
module path (fahras::index::split, fst, core::fmt…). Sizes are raw body bytes; gzip takes
roughly a third of them.
"""
import re
import sys
from collections import defaultdict


def leb(b, i):
    out = shift = 0
    while True:
        x = b[i]
        i += 1
        out |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return out, i


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, b[j : j + size]
        i = j + size


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 40
    b = open(path, "rb").read()
    imported = 0
    bodies = []
    names = {}
    data = 0
    for sid, s in sections(b):
        if sid == 2:  # imports: functions among them take the first indices
            count, i = leb(s, 0)
            for _ in range(count):
                for _ in range(2):
                    ln, i = leb(s, i)
                    i += ln
                kind = s[i]
                i += 1
                if kind == 0:
                    _, i = leb(s, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(s, i)
                    _, i = leb(s, i)
                    if flags & 1:
                        _, i = leb(s, i)
                elif kind == 2:
                    flags, i = leb(s, i)
                    _, i = leb(s, i)
                    if flags & 1:
                        _, i = leb(s, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:  # code
            count, i = leb(s, 0)
            for _ in range(count):
                size, j = leb(s, i)
                bodies.append(size)
                i = j + size
        elif sid == 11:
            data = len(s)
        elif sid == 0:
            ln, i = leb(s, 0)
            if s[i : i + ln] != b"name":
                continue
            i += ln
            while i < len(s):
                sub = s[i]
                size, j = leb(s, i + 1)
                if sub == 1:
                    count, k = leb(s, j)
                    for _ in range(count):
                        idx, k = leb(s, k)
                        ln2, k = leb(s, k)
                        names[idx] = s[k : k + ln2].decode("utf-8", "replace")
                        k += ln2
                i = j + size
    rows = []
    for k, size in enumerate(bodies):
        name = names.get(imported + k, f"func[{imported + k}]")
        name = re.sub(r"::h[0-9a-f]{16}$", "", name)
        rows.append((size, name))
    rows.sort(reverse=True)
    total = sum(bodies)
    print(f"{path}: {len(b):,} bytes; code {total:,} in {len(bodies):,} functions; data {data:,}")
    for size, name in rows[:n]:
        print(f"{size:8,}  {name[:150]}")
    if "--by-module" in sys.argv:
        groups = defaultdict(int)
        for size, name in rows:
            m = re.match(r"<?(?:<[^>]*> as )?([a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*){0,2})", name.lstrip("<"))
            groups[m.group(1) if m else "other"] += size
        print("\nby module:")
        for k, v in sorted(groups.items(), key=lambda x: -x[1])[:40]:
            print(f"{v:8,}  {k}")


if __name__ == "__main__":
    main()
