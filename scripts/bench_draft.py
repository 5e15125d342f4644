#!/usr/bin/env python3
"""The benchmark of `provtrack draft` (issue 16): run by hand, not in CI.

    python3 scripts/bench_draft.py               # 10,000 words, 5 runs
    python3 scripts/bench_draft.py --words 50000 --runs 3

It builds provtrack in release mode, seeds a new database (`provtrack seed`: the
actors, plans and provisions draft matches against), makes an article of at least
N words from the seed articles in ../shared/articles (repeated in turn, paragraph
by paragraph), and times `provtrack draft` on it: the whole process, wall time,
each run, with the median and the worst. The target is under a second for 10,000
words. It prints the figures as a Markdown table for BENCHMARKS.md.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "articles")
    args = ap.parse_args()
    if not args.articles.is_dir():
        sys.exit(f"{args.articles} does not exist: the benchmark needs the seed articles")
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    exe = ROOT / "target" / "release" / "provtrack"
    paragraphs = []
    for path in sorted(args.articles.glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
    text, words, i = [], 0, 0
    while words < args.words:
        p = paragraphs[i % len(paragraphs)]
        text.append(p)
        words += len(p.split())
        i += 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        article = Path(tmp) / "article.txt"
        article.write_text("\n".join(text) + "\n", encoding="utf-8")
        subprocess.run([exe, "--db", db, "seed", "--quiet"], check=True, stdout=subprocess.DEVNULL)
        cmd = [exe, "--db", db, "draft", article, "--source", "bench", "--outlet", "Bench",
               "--published-on", "2025-11-21", "-o", Path(tmp) / "draft.toml"]
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            out = subprocess.run(cmd, check=True, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
        candidates = (Path(tmp) / "draft.toml").read_text(encoding="utf-8").count("[[stances]]")
    cpu = platform.processor() or platform.machine()
    print(f"| words | candidates | median | worst | runs |")
    print(f"|---|---|---|---|---|")
    print(f"| {words:,} | {candidates:,} | {statistics.median(times) * 1000:.0f} ms "
          f"| {max(times) * 1000:.0f} ms | {args.runs} |")
    print(f"\n{cpu}, {os.cpu_count()} CPUs; `python3 scripts/bench_draft.py --words {args.words} --runs {args.runs}`")
    print(out.stderr.strip(), file=sys.stderr)


if __name__ == "__main__":
    main()
