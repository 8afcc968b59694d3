#!/usr/bin/env bash
# Build the committed static assets for Edge of Care case records.
# Node is only needed to run this script; the Django app serves the outputs.
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$FRONTEND_DIR/.." && pwd)"
GOVUK="$FRONTEND_DIR/node_modules/govuk-frontend/dist/govuk"
AXE="$FRONTEND_DIR/node_modules/axe-core"

cd "$FRONTEND_DIR"
npm ci --no-audit --no-fund --ignore-scripts

# 1. CSS
mkdir -p "$ROOT_DIR/static/css"
npx --no-install sass \
  --load-path="$FRONTEND_DIR" \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  scss/edgecare.scss "$ROOT_DIR/static/css/edgecare.css"

# Guard: no GDS Transport font-face and no font files referenced.
if grep -qiE 'GDS Transport|url\([^)]*fonts/' "$ROOT_DIR/static/css/edgecare.css"; then
  echo "ERROR: compiled CSS still references GDS Transport / font files" >&2
  exit 1
fi

# 2. JavaScript (ES module exporting initAll) + its source map, which the
#    file's sourceMappingURL comment points at (Django's manifest storage
#    fails collectstatic if that reference is missing).
mkdir -p "$ROOT_DIR/static/js"
cp "$GOVUK/govuk-frontend.min.js" "$ROOT_DIR/static/js/govuk-frontend.min.js"
cp "$GOVUK/govuk-frontend.min.js.map" "$ROOT_DIR/static/js/govuk-frontend.min.js.map"

# 3. Images the CSS references (never fonts, never crown/GOV.UK brand marks).
#    govuk-frontend's images folder holds only GOV.UK brand marks (crown
#    favicon/app icons, royal crest, opengraph image), so we copy only files
#    the compiled CSS actually references and skip anything crown/brand-like.
rm -rf "$ROOT_DIR/static/govuk"
mkdir -p "$ROOT_DIR/static/govuk/assets/images"
for img in "$GOVUK"/assets/images/*; do
  name="$(basename "$img")"
  case "$name" in
    *crown*|*crest*|favicon*|govuk-icon*|govuk-opengraph*) continue ;;
  esac
  if grep -qF "images/$name" "$ROOT_DIR/static/css/edgecare.css"; then
    cp "$img" "$ROOT_DIR/static/govuk/assets/images/$name"
  fi
done
# manifest.json only lists the crown favicon/app icons, so it is not copied.

# 4. Licences
# The govuk-frontend npm package (v5.14.0) ships no LICENSE file (its
# package.json says "MIT"), so fall back to the upstream LICENSE.txt text from
# github.com/alphagov/govuk-frontend.
GOVUK_PKG="$FRONTEND_DIR/node_modules/govuk-frontend"
if [[ -f "$GOVUK_PKG/LICENSE.txt" ]]; then
  cp "$GOVUK_PKG/LICENSE.txt" "$ROOT_DIR/static/govuk/LICENSE.txt"
elif [[ -f "$GOVUK_PKG/LICENSE" ]]; then
  cp "$GOVUK_PKG/LICENSE" "$ROOT_DIR/static/govuk/LICENSE.txt"
else
  cat > "$ROOT_DIR/static/govuk/LICENSE.txt" <<'LICENSE'
GOV.UK Frontend (govuk-frontend 5.14.0)
https://github.com/alphagov/govuk-frontend

The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE
fi

# 5. axe-core for browser accessibility tests
mkdir -p "$ROOT_DIR/tests/e2e/vendor"
cp "$AXE/axe.min.js" "$ROOT_DIR/tests/e2e/vendor/axe.min.js"
cp "$AXE/LICENSE" "$ROOT_DIR/tests/e2e/vendor/axe.LICENSE.txt"

echo "Built:"
ls -l "$ROOT_DIR/static/css/edgecare.css" "$ROOT_DIR/static/js/govuk-frontend.min.js" \
  "$ROOT_DIR/tests/e2e/vendor/axe.min.js"
