#!/usr/bin/env python3
"""The output benchmark of issue 14: run by hand, not in CI.

    python3 scripts/bench_output.py                      # 1,000,000 stances, seed 42
    python3 scripts/bench_output.py --stances 100000 --keep /tmp/bench-out
    python3 scripts/bench_output.py --before /tmp/provtrack-old   # also an older build

It builds provtrack in release mode, generates N synthetic stances with `cargo run
--release --example generate`, imports them, and then measures, for each of

- `provtrack stance list --format csv`
- `provtrack sql "SELECT * FROM stances" --format jsonl`
- `provtrack report timeline --format csv`

the wall time (best of three) and the peak RSS (from GNU time) of the whole process
with stdout to /dev/null, next to the sqlite3 shell printing the same rows from the
same file (the same SELECT in `-csv -header` mode, the `report_timeline` view, and
`SELECT * FROM stances` in `-json` mode). The targets: at most 64 MB peak and at most
1.5 times the sqlite3 shell's time. With `--before BIN`, the same commands run with
that binary too (the figures before streaming).

It writes its table between the `output-benchmark` markers of BENCHMARKS.md and of
docs/benchmark-notes.md (so that scripts/bench.py, which rebuilds BENCHMARKS.md with
those notes, keeps it). Needs sqlite3 and GNU time (`apt-get install sqlite3 time`).
"""

import argparse
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_RSS_MB = 64.0
MAX_RATIO = 1.5
BEGIN, END = "<!-- output-benchmark:begin -->", "<!-- output-benchmark:end -->"

# The SQL of `stance list` (src/store/queries.rs, STANCE_SELECT with no filter).
STANCE_LIST_SQL = """SELECT st.id, a.key AS actor, pv.key AS provision, pl.key AS plan, st.position,
  pos.score, s.key AS source,
  CASE st.stated_precision WHEN 'year' THEN substr(st.stated_on, 1, 4)
    WHEN 'month' THEN substr(st.stated_on, 1, 7) ELSE st.stated_on END AS stated_on,
  st.attribution, st.status, st.status_reason, st.quote, st.notes, st.recorded_at
FROM stances st JOIN actors a ON a.id = st.actor_id
JOIN provisions pv ON pv.id = st.provision_id JOIN plans pl ON pl.id = pv.plan_id
JOIN sources s ON s.id = st.source_id JOIN positions pos ON pos.key = st.position
ORDER BY st.stated_on, st.id"""


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def timed(cmd):
    """(seconds, peak RSS in MB) of one run, stdout to /dev/null."""
    with tempfile.NamedTemporaryFile("r") as t:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd]
        start = time.perf_counter()
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        _, rss = t.read().split()[-2:]
        return elapsed, int(rss) / 1024


def best(cmd, runs):
    results = [timed(cmd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def rows(cmd):
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
    return out.count(b"\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stances", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="work here and keep the files")
    ap.add_argument("--before", type=Path, help="an older provtrack binary to compare")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    for tool in ("sqlite3", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"needs {tool}: apt-get install sqlite3 time")

    sh(["cargo", "build", "--release", "--locked", "--bin", "provtrack", "--example", "generate"], cwd=ROOT)
    target = Path(sh(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=ROOT).stdout
                  .split('"target_directory":"')[1].split('"')[0])
    pt = target / "release" / "provtrack"
    gen = target / "release" / "examples" / "generate"
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-out-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"out-{args.stances}.db"
    data = work / f"data-{args.stances}"
    if not data.exists():
        print(f"generating {args.stances} stances...", flush=True)
        sh([str(gen), "--stances", str(args.stances), "--seed", str(args.seed), "--out", str(data)])
    if not db.exists():
        print("importing...", flush=True)
        sh([str(pt), "--db", str(db), "import", str(data)])
    sh([str(pt), "--db", str(db), "doctor"])
    # The older build may not open a database of a newer schema: it gets its own copy.
    before_db = work / f"out-{args.stances}-before.db"
    if args.before and not before_db.exists():
        print("importing with the older build...", flush=True)
        sh([str(args.before), "--db", str(before_db), "import", str(data)])

    cases = [
        ("`stance list --format csv`",
         ["--format", "csv", "stance", "list"],
         ["sqlite3", "-csv", "-header", str(db), STANCE_LIST_SQL]),
        ("`sql \"SELECT * FROM stances\" --format jsonl`",
         ["--format", "jsonl", "sql", "SELECT * FROM stances"],
         ["sqlite3", "-json", str(db), "SELECT * FROM stances"]),
        ("`report timeline --format csv`",
         ["--format", "csv", "report", "timeline"],
         ["sqlite3", "-csv", "-header", str(db), "SELECT * FROM report_timeline"]),
    ]
    table = ["| command | rows | sqlite3 shell | provtrack | ratio | peak RSS | targets |",
             "|---|---|---|---|---|---|---|"]
    for name, pargs, sq in cases:
        print(f"{name}...", flush=True)
        n = rows([str(pt), "--db", str(db), *pargs])
        sq_s, sq_mb = best(sq, args.runs)
        pt_s, pt_mb = best([str(pt), "--db", str(db), *pargs], args.runs)
        ratio = pt_s / sq_s
        met = "met" if ratio <= MAX_RATIO and pt_mb <= MAX_RSS_MB else "**missed**"
        if args.before:
            b_s, b_mb = best([str(args.before), "--db", str(before_db), *pargs], 1)
            table.append(f"| {name}, before (one run) | {n:,} | {sq_s:.2f} s, {sq_mb:.0f} MB | "
                         f"{b_s:.2f} s | {b_s / sq_s:.2f} | {b_mb:.0f} MB | — |")
        table.append(f"| {name} | {n:,} | {sq_s:.2f} s, {sq_mb:.0f} MB | {pt_s:.2f} s | "
                     f"{ratio:.2f} | {pt_mb:.0f} MB | ≤ 1.5×, ≤ 64 MB: {met} |")
        print(table[-1], flush=True)

    sqlite_version = sh(["sqlite3", "--version"]).stdout.split()[0]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    section = f"""{BEGIN}
## Output: streaming (issue 14)

Measured by `scripts/bench_output.py --stances {args.stances} --seed {args.seed}{' --before OLD' if args.before else ''}`
on {time.strftime('%Y-%m-%d')}: release build, {args.stances:,} synthetic stances, stdout to
/dev/null, best of {args.runs} (the "before" rows: one run of the build before streaming).
Machine: {cpu}, {platform.platform()}; sqlite3 shell {sqlite_version}. "rows" counts
output lines (JSON Lines: one per stance; CSV: plus the header).

{chr(10).join(table)}

Every format streams: rows go from SQLite to stdout one at a time
(`store::Db::stream` → `output::Output` as a `RowSink`), so the peak memory does not
grow with the result. The table format holds a page of 1,000 rows; `--format html`
builds its page in memory. `report timeline`'s time is mostly its query's (the view
sorts every stance), so its ratio to the shell moves with the machine's noise.
{END}"""
    print(section)
    if args.no_write:
        return
    for path in (ROOT / "BENCHMARKS.md", ROOT / "docs" / "benchmark-notes.md"):
        text = path.read_text() if path.exists() else ""
        if BEGIN in text:
            text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        path.write_text(text)
    print("wrote BENCHMARKS.md and docs/benchmark-notes.md")


if __name__ == "__main__":
    main()
