#!/bin/sh
# The figures of `provtrack draft` on the six seed articles (issue 16): runs the
# evaluation test (tests/draft_eval.rs, the module draft_eval of the one integration
# test binary), which drafts each article of ../shared/articles against the seeded
# database and compares the candidates with seeds/, and prints its table and the
# statements it missed. The floors the test asserts: quote + actor recall >= 90%,
# date agreement >= 90%, <= 2 candidates per seeded statement.
#
#   sh scripts/draft_eval.sh            # the table (Markdown) and the misses
#   DRAFT_EVAL_SEEDS=/path/to/seeds sh scripts/draft_eval.sh   # another edition
set -eu
cd "$(dirname "$0")/.."
cargo test --release --locked --quiet --test integration draft_eval:: -- --nocapture 2>&1 \
    | grep -E '^(\||  missed|  other date|skipped|thread|quote|date|.*candidates per)' || true
