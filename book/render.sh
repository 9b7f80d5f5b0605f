#!/usr/bin/env bash
# Renders the built lab book to PNG with headless Chromium, to look at it as a reader
# does (pictures included): target/book/png/<lang>/<chapter>.png, one full page each.
#   apt-get install chromium        # once
#   book/render.sh [CHAPTER...]     # default: every chapter of both books
# Builds the books first (mdbook from target/tools, see book/README.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "render.sh: no chromium (apt-get install chromium)" >&2; exit 2; }
mdbook=target/tools/bin/mdbook
[ -x "$mdbook" ] || { echo "render.sh: $mdbook missing (see book/README.md)" >&2; exit 2; }
for lang in en zh; do
    "$mdbook" build "book/$lang" >/dev/null 2>&1 || "$mdbook" build "book/$lang"
    mkdir -p "target/book/png/$lang"
    chapters=("$@")
    [ ${#chapters[@]} -gt 0 ] || chapters=($(sed -n 's/.*](\(.*\)\.md).*/\1/p' "book/$lang/src/SUMMARY.md"))
    for ch in "${chapters[@]}"; do
        page="$root/target/book/$lang/$ch.html"
        [ -f "$page" ] || { echo "render.sh: $page not built" >&2; exit 1; }
        out="target/book/png/$lang/$ch.png"
        # A tall window: the whole chapter on one page.
        "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
            --window-size=1280,12000 --screenshot="$root/$out" "file://$page" >/dev/null 2>&1
        echo "$out"
    done
done
