# Sourced by scripts/demo and scripts/test: makes .venv with the pinned dependencies, and
# reinstalls only when pyproject.toml has changed since the last install.
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test,redis]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# shellcheck disable=SC1091
source .venv/bin/activate
