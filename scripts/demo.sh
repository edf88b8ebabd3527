#!/usr/bin/env bash
# Set up dateline in .venv and run the main job on the seed articles (embedded SQLite).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" ""
DB=${DATELINE_DB:-examples/seeds.db}
.venv/bin/dateline ingest examples/seeds --db "$DB"
