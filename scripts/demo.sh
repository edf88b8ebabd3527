#!/usr/bin/env bash
# Set up dateline (with the web extra, for `dateline serve`) in .venv and run the main job on
# the seed articles (embedded SQLite).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" "web"
DB=${DATELINE_DB:-examples/seeds.db}
.venv/bin/dateline ingest examples/seeds --db "$DB"
