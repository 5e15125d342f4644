-- provtrack schema, level 13: an index for "another statement of this source on this
-- plan", the look-up source_tallies' trigger (level 12) makes for every statement
-- written.
--
-- `stances_origin` is (origin, actor, plan, ...), so the plan look-up can use only its
-- first column: every statement of the source, read to find one on the plan. The
-- bundled SQLite (3.54) does that, but other builds choose differently: the sqlite3
-- shell 3.40 searched `stances_plan` instead, every statement of the plan (8,000 at
-- a million stances), for each row written, and a million-row load through the
-- triggers did not finish in 15 minutes. With both columns in one index every build
-- finds the one row it needs, and `source_tallies_recomputed` counts each source's
-- distinct plans from the index alone.
CREATE INDEX stances_origin_plan
    ON stances (coalesce(relays_source_id, source_id), plan_id);
