"""Time and memory to read one HTML page against its size, up to the 50 MB file limit.

Two shapes of page: "blocks", issue 14's pathological page of many small blocks (the shape on
which trafilatura's fallback extractors cost far more than linear time), and "article", a
news article padded with many paragraphs. Each page is read by ``read_html_file`` in a fresh
process (CPU time of the read alone, and the process's peak RSS). The table goes into a
section of docs/benchmarks/ingest.md, which bench_ingest.py keeps when it rewrites its table.

Run: .venv/bin/python benchmarks/pages.py [--max-mb 50]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import RESULTS_DIR, result_lines

COMMAND = ".venv/bin/python benchmarks/pages.py"
SECTION = "## Time per HTML page"
KIB = 1024
SIZES_KIB = (64, 128, 256, 512, 1024, 2000, 5 * 1024, 20 * 1024, 49 * 1024)
BLOCK = "<div><p>word word word</p></div>\n"
PARAGRAPH = (
    "<p>The council of Marrow met on Tuesday to debate the harbour budget, and the mayor "
    "said the terminal would open in the spring after four years of construction.</p>\n"
)
_READ_ONE = """
import json, resource, sys, time
from pathlib import Path
from dateline.ingest.formats.html import read_html_file
from dateline.ingest.options import IngestOptions
start = time.process_time()
items = list(read_html_file(Path(sys.argv[1]), IngestOptions()))
seconds = time.process_time() - start
outcome = [getattr(item, "code", "read") for item in items]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kib": peak, "outcome": outcome}))
"""


def write_page(path: Path, shape: str, size: int) -> None:
    """A page of about ``size`` bytes, written in pieces (this process stays small)."""
    piece = BLOCK if shape == "blocks" else PARAGRAPH
    head = "<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(head)
        count = max(1, (size - len(head)) // len(piece))
        for start in range(0, count, 10_000):
            handle.write(piece * min(10_000, count - start))
        handle.write("</article></body></html>\n")


def measure(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _READ_ONE, str(path)], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def page_rows(max_mb: float) -> list[list[object]]:
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="dateline-pages-") as tmp:
        for size_kib in SIZES_KIB:
            if size_kib > max_mb * 1024:
                break
            for shape in ("blocks", "article"):
                path = Path(tmp) / f"{shape}-{size_kib}.html"
                write_page(path, shape, size_kib * KIB)
                found = measure(path)
                outcome = found["outcome"]
                assert isinstance(outcome, list)
                rows.append(
                    [
                        shape,
                        f"{path.stat().st_size / KIB / KIB:,.2f}",
                        " ".join(str(part) for part in outcome),
                        f"{float(str(found['seconds'])):.2f}",
                        f"{int(str(found['peak_kib'])) / 1024:,.0f}",
                    ]
                )
                print(rows[-1], flush=True)
                path.unlink()
    return rows


def record_pages(rows: list[list[object]], max_mb: float) -> None:
    """Write the table as the last section of docs/benchmarks/ingest.md (replacing it)."""
    columns = ["page", "MiB", "outcome", "CPU s to read", "peak RSS MiB"]
    notes = (
        "One page per fresh process: CPU time of `read_html_file` alone (decode, extraction, "
        "metadata), peak RSS of the whole process. `read` is a page read; E123 a page over the "
        "extraction bound (2 MiB of markup without scripts, styles and comments). Pages over "
        "128 KiB of such markup are extracted without trafilatura's fallback extractors. "
        "Before the bound (issue 14): a 200 KB blocks page took 7.6 s, a 2 MB one over 400 s "
        "and 2.2 GB. The machine is shared (2 cores, other jobs running)."
    )
    lines = result_lines(SECTION, columns, rows, f"{COMMAND} --max-mb {max_mb:g}", notes)
    put_section("\n".join(lines) + "\n")


def existing_section() -> str:
    """The section as docs/benchmarks/ingest.md has it now ("" when it has none)."""
    out = RESULTS_DIR / "ingest.md"
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    return SECTION + text.split(SECTION, 1)[1] if SECTION in text else ""


def put_section(section: str) -> None:
    """Make ``section`` the last section of docs/benchmarks/ingest.md."""
    if not section:
        return
    out = RESULTS_DIR / "ingest.md"
    before = out.read_text(encoding="utf-8") if out.exists() else "# Benchmark: ingest\n"
    before = before.split(SECTION, 1)[0].rstrip() + "\n\n"
    out.write_text(before + section, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--max-mb", type=float, default=50.0, help="largest page (default 50)")
    args = parser.parse_args(argv)
    record_pages(page_rows(args.max_mb), args.max_mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
