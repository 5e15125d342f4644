-- provtrack schema, level 2: the reports as views, and full-text search.
--
-- Every `provtrack report` is one of the report_* views below, so sqlite3 or Datasette
-- users see the same answers as the command line. Views cannot take parameters, so
-- they read them from the one-row view report_parameters (no filter: every NULL, and a
-- 30-day window for conflicts). The command line runs the same SQL, read from the
-- database, after WITH clauses that hide views of the same names: report_parameters
-- (and for plan-diff, plan_diff_pairs) with its flags, and known_stances and
-- current_stances repeated so that they read those flags (src/store/reports.rs).
--
-- The views are written for a million stances: each report reads stances through an
-- index that holds what it needs (filters narrow the rows read, not only the rows
-- kept), joins keys after filtering and grouping, and the current stance of each actor
-- on each provision is kept in the table latest_stances by triggers instead of being
-- ranked from every stance. BENCHMARKS.md has the figures.
--
-- The views and triggers use nothing newer than SQLite 3.25 (window functions; the
-- triggers' upsert is 3.24), so older sqlite3 shells and Datasette installs can open
-- them.

-- The parameters of the report views: NULL means "no filter". The row is read from a
-- fixed row of a table (any one row would do) rather than written without FROM: SQLite
-- folds the values of a one-row view over a table into the query that uses it, so that
-- they serve as constants for index look-ups, while a SELECT without FROM stays a
-- separate loop of unknown length that keeps a query from using them to seek and from
-- reading rows in index order.
CREATE VIEW report_parameters AS
SELECT NULL AS as_of, NULL AS plan_id, NULL AS actor_id, NULL AS provision_id,
       NULL AS category, NULL AS since, 30 AS window_days
FROM positions WHERE key = 'undecided';

-- Three secondary indexes of level 1 are replaced so that the reports read stances from
-- an index alone. stances_provision_actor_date holds each actor's stances on a provision
-- in date order with what the current-stance, shifts and conflicts reports compare (it
-- replaces stances_provision and stances_actor_provision_date: a provision's stances
-- are its prefix, and an actor's are the prefix of the unique index); stances_source
-- holds what the per-source counts read.
DROP INDEX stances_provision;
DROP INDEX stances_actor_provision_date;
CREATE INDEX stances_provision_actor_date
    ON stances (provision_id, actor_id, stated_on, status, position, source_id, stated_precision);
DROP INDEX stances_source;
CREATE INDEX stances_source ON stances (source_id, provision_id, actor_id, stated_on);

-- The current stance of each actor on each provision: its latest active stance by the
-- date it was stated, ties broken by the source's publication date, then by stance id.
-- A table derived from stances (and the actor keys, source dates and position scores
-- it copies), kept in step by the triggers below and without history of its own, so
-- that the reports on current stances read one row per actor and provision instead of
-- ranking every stance. `published_on` is the source's, the second key of the order.
-- Rows are kept by provision and actor key, the order the contested report lists them in.
CREATE TABLE latest_stances (
    provision_id     INTEGER NOT NULL,
    actor            TEXT NOT NULL,
    actor_id         INTEGER NOT NULL,
    stance_id        INTEGER NOT NULL,
    stated_on        TEXT NOT NULL,
    published_on     TEXT NOT NULL,
    position         TEXT NOT NULL,
    score            INTEGER NOT NULL,
    source_id        INTEGER NOT NULL,
    stated_precision TEXT NOT NULL,
    PRIMARY KEY (provision_id, actor)
) STRICT, WITHOUT ROWID;

-- What latest_stances holds, computed from stances: one pass over
-- stances_provision_actor_date, pair by pair, keeping the row with the greatest
-- (stated_on, published_on, id). The three are compared as one string: both dates have
-- ten characters (their CHECK is date()), and the id is written with 20 characters that
-- sort as the numbers do ('0' and the distance from the smallest integer for a
-- negative id, '1' and 19 digits otherwise). SQLite takes the other columns of a
-- max() query from the row that has the maximum. This fills the table here and after a
-- bulk import (src/store/bulk.rs), and can check it: `SELECT * FROM latest_stances
-- EXCEPT SELECT * FROM latest_stances_recomputed` is empty.
CREATE VIEW latest_stances_recomputed AS
SELECT m.provision_id, a.key AS actor, m.actor_id, m.stance_id, m.stated_on,
       m.published_on, m.position, pos.score, m.source_id, m.stated_precision
FROM (SELECT st.provision_id, st.actor_id, st.id AS stance_id, st.stated_on,
             s.published_on, st.position, st.source_id, st.stated_precision,
             max(st.stated_on || s.published_on
                 || CASE WHEN st.id < 0
                         THEN '0' || printf('%019d', st.id + 9223372036854775807 + 1)
                         ELSE '1' || printf('%019d', st.id) END) AS recency
      FROM stances st JOIN sources s ON s.id = st.source_id
      WHERE st.status = 'active'
      GROUP BY st.provision_id, st.actor_id) m
JOIN actors a ON a.id = m.actor_id
JOIN positions pos ON pos.key = m.position;

INSERT INTO latest_stances SELECT * FROM latest_stances_recomputed;

-- A new active stance becomes current when it is later than the current one: one
-- upsert per stance, also in a bulk import.
CREATE TRIGGER stances_latest_insert AFTER INSERT ON stances
WHEN NEW.status = 'active'
BEGIN
    INSERT INTO latest_stances (provision_id, actor, actor_id, stance_id, stated_on,
                                published_on, position, score, source_id, stated_precision)
    SELECT NEW.provision_id, a.key, NEW.actor_id, NEW.id, NEW.stated_on, s.published_on,
           NEW.position, pos.score, NEW.source_id, NEW.stated_precision
    FROM actors a, sources s, positions pos
    WHERE a.id = NEW.actor_id AND s.id = NEW.source_id AND pos.key = NEW.position
    ON CONFLICT (provision_id, actor) DO UPDATE SET
        actor_id = excluded.actor_id, stance_id = excluded.stance_id,
        stated_on = excluded.stated_on, published_on = excluded.published_on,
        position = excluded.position, score = excluded.score,
        source_id = excluded.source_id, stated_precision = excluded.stated_precision
    WHERE (excluded.stated_on, excluded.published_on, excluded.stance_id)
          > (latest_stances.stated_on, latest_stances.published_on, latest_stances.stance_id);
END;

-- Any other change to a stance picks the current stance of the pairs it touches again,
-- from the pair's stances (through stances_provision_actor_date).
CREATE TRIGGER stances_latest_update
AFTER UPDATE OF id, actor_id, provision_id, source_id, stated_on, stated_precision, position,
                status ON stances
BEGIN
    DELETE FROM latest_stances
    WHERE provision_id = OLD.provision_id AND actor_id = OLD.actor_id;
    INSERT INTO latest_stances (provision_id, actor, actor_id, stance_id, stated_on,
                                published_on, position, score, source_id, stated_precision)
    SELECT st.provision_id, a.key, st.actor_id, st.id, st.stated_on, s.published_on,
           st.position, pos.score, st.source_id, st.stated_precision
    FROM stances st
    JOIN sources s ON s.id = st.source_id
    JOIN actors a ON a.id = st.actor_id
    JOIN positions pos ON pos.key = st.position
    WHERE st.provision_id = OLD.provision_id AND st.actor_id = OLD.actor_id
      AND st.status = 'active'
    ORDER BY st.stated_on DESC, s.published_on DESC, st.id DESC LIMIT 1;
    DELETE FROM latest_stances
    WHERE provision_id = NEW.provision_id AND actor_id = NEW.actor_id
      AND (NEW.provision_id <> OLD.provision_id OR NEW.actor_id <> OLD.actor_id);
    INSERT INTO latest_stances (provision_id, actor, actor_id, stance_id, stated_on,
                                published_on, position, score, source_id, stated_precision)
    SELECT st.provision_id, a.key, st.actor_id, st.id, st.stated_on, s.published_on,
           st.position, pos.score, st.source_id, st.stated_precision
    FROM stances st
    JOIN sources s ON s.id = st.source_id
    JOIN actors a ON a.id = st.actor_id
    JOIN positions pos ON pos.key = st.position
    WHERE st.provision_id = NEW.provision_id AND st.actor_id = NEW.actor_id
      AND st.status = 'active'
      AND (NEW.provision_id <> OLD.provision_id OR NEW.actor_id <> OLD.actor_id)
    ORDER BY st.stated_on DESC, s.published_on DESC, st.id DESC LIMIT 1;
END;

CREATE TRIGGER stances_latest_delete AFTER DELETE ON stances
WHEN EXISTS (SELECT 1 FROM latest_stances
             WHERE provision_id = OLD.provision_id AND actor_id = OLD.actor_id
               AND stance_id = OLD.id)
BEGIN
    DELETE FROM latest_stances
    WHERE provision_id = OLD.provision_id AND actor_id = OLD.actor_id;
    INSERT INTO latest_stances (provision_id, actor, actor_id, stance_id, stated_on,
                                published_on, position, score, source_id, stated_precision)
    SELECT st.provision_id, a.key, st.actor_id, st.id, st.stated_on, s.published_on,
           st.position, pos.score, st.source_id, st.stated_precision
    FROM stances st
    JOIN sources s ON s.id = st.source_id
    JOIN actors a ON a.id = st.actor_id
    JOIN positions pos ON pos.key = st.position
    WHERE st.provision_id = OLD.provision_id AND st.actor_id = OLD.actor_id
      AND st.status = 'active'
    ORDER BY st.stated_on DESC, s.published_on DESC, st.id DESC LIMIT 1;
END;

-- A source's new publication date can change which stance is current in every pair it
-- reports.
CREATE TRIGGER sources_latest_update AFTER UPDATE OF published_on ON sources
WHEN NEW.published_on IS NOT OLD.published_on
BEGIN
    DELETE FROM latest_stances
    WHERE (provision_id, actor_id) IN (SELECT provision_id, actor_id FROM stances
                                       WHERE source_id = NEW.id);
    INSERT INTO latest_stances (provision_id, actor, actor_id, stance_id, stated_on,
                                published_on, position, score, source_id, stated_precision)
    SELECT st.provision_id, a.key, st.actor_id, st.id, st.stated_on, s.published_on,
           st.position, pos.score, st.source_id, st.stated_precision
    FROM (SELECT DISTINCT provision_id, actor_id FROM stances WHERE source_id = NEW.id) pair
    JOIN stances st ON st.id = (
        SELECT k.id FROM stances k JOIN sources ks ON ks.id = k.source_id
        WHERE k.provision_id = pair.provision_id AND k.actor_id = pair.actor_id
          AND k.status = 'active'
        ORDER BY k.stated_on DESC, ks.published_on DESC, k.id DESC LIMIT 1)
    JOIN sources s ON s.id = st.source_id
    JOIN actors a ON a.id = st.actor_id
    JOIN positions pos ON pos.key = st.position;
END;

-- The copies of actor keys and position scores follow their originals.
CREATE TRIGGER actors_latest_update AFTER UPDATE OF key ON actors
WHEN NEW.key IS NOT OLD.key
BEGIN
    UPDATE latest_stances SET actor = NEW.key WHERE actor_id = NEW.id;
END;
CREATE TRIGGER positions_latest_update AFTER UPDATE OF score ON positions
WHEN NEW.score IS NOT OLD.score
BEGIN
    UPDATE latest_stances SET score = NEW.score WHERE position = NEW.key;
END;

-- Every stance with the keys of what it links and its dates at their precision.
-- `stated_on` and `published_on` are the stored first days (for sorting and comparing);
-- `stated` and `published` show them as precise as they are known.
-- As of a day, a stance is known if it was stated and its source published by then.
-- Stances are read provision by provision through stances_provision_actor_date, so a
-- filter on the plan, category, provision or actor reads only the matching stances (the
-- actor as a range that is every actor when there is no filter; written with >= and <=
-- because SQLite sometimes seeks on one bound only of a BETWEEN). The joins that only
-- add keys are LEFT JOINs on unique keys (the foreign keys guarantee a match), which
-- SQLite leaves out of a query that does not use their columns.
CREATE VIEW known_stances AS
SELECT st.id AS stance_id, st.actor_id, pv.id AS provision_id, pv.plan_id, st.source_id,
       a.key AS actor, pv.key AS provision, pl.key AS plan, pv.point, pv.category,
       st.position, pos.score, st.stated_on,
       CASE st.stated_precision WHEN 'year' THEN substr(st.stated_on, 1, 4)
            WHEN 'month' THEN substr(st.stated_on, 1, 7) ELSE st.stated_on END AS stated,
       s.key AS source, s.published_on,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END AS published,
       st.attribution, st.status, st.quote, st.notes
FROM report_parameters p
CROSS JOIN provisions pv
CROSS JOIN stances st ON st.provision_id = pv.id
    AND st.actor_id >= coalesce(p.actor_id, -9223372036854775807 - 1)
    AND st.actor_id <= coalesce(p.actor_id, 9223372036854775807)
CROSS JOIN sources s ON s.id = st.source_id
LEFT JOIN actors a ON a.id = st.actor_id
LEFT JOIN plans pl ON pl.id = pv.plan_id
LEFT JOIN positions pos ON pos.key = st.position
WHERE (p.plan_id IS NULL OR pv.plan_id = p.plan_id)
  AND (p.category IS NULL OR pv.category = p.category)
  AND (p.provision_id IS NULL OR pv.id = p.provision_id)
  AND (p.as_of IS NULL OR (st.stated_on <= p.as_of AND s.published_on <= p.as_of));

-- The current stance of each actor on each provision (the columns of known_stances but
-- status and notes; active stances only). Without --as-of it is the row of
-- latest_stances, read provision by provision; as of a day, it is the latest stance
-- known then, looked up among the pair's stances through stances_provision_actor_date
-- (only pairs with an active stance today can have one, as a stance's status is taken
-- as it is now). The stance itself is read only for its attribution and quote.
CREATE VIEW current_stances AS
SELECT coalesce(k.id, c.stance_id) AS stance_id, c.actor_id, pv.id AS provision_id,
       pv.plan_id, coalesce(k.source_id, c.source_id) AS source_id, c.actor,
       pv.key AS provision, pl.key AS plan, pv.point, pv.category,
       coalesce(k.position, c.position) AS position, coalesce(kpos.score, c.score) AS score,
       coalesce(k.stated_on, c.stated_on) AS stated_on,
       CASE coalesce(k.stated_precision, c.stated_precision)
            WHEN 'year' THEN substr(coalesce(k.stated_on, c.stated_on), 1, 4)
            WHEN 'month' THEN substr(coalesce(k.stated_on, c.stated_on), 1, 7)
            ELSE coalesce(k.stated_on, c.stated_on) END AS stated,
       s.key AS source, s.published_on,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END AS published,
       st.attribution, st.quote
FROM report_parameters p
CROSS JOIN provisions pv
CROSS JOIN latest_stances c ON c.provision_id = pv.id
LEFT JOIN stances k ON k.id = CASE WHEN p.as_of IS NOT NULL THEN (
    SELECT x.id FROM stances x JOIN sources xs ON xs.id = x.source_id
    WHERE x.provision_id = c.provision_id AND x.actor_id = c.actor_id
      AND x.status = 'active' AND x.stated_on <= p.as_of AND xs.published_on <= p.as_of
    ORDER BY x.stated_on DESC, xs.published_on DESC, x.id DESC LIMIT 1) END
LEFT JOIN positions kpos ON kpos.key = k.position
LEFT JOIN sources s ON s.id = coalesce(k.source_id, c.source_id)
LEFT JOIN stances st ON st.id = coalesce(k.id, c.stance_id)
LEFT JOIN plans pl ON pl.id = pv.plan_id
WHERE (p.plan_id IS NULL OR pv.plan_id = p.plan_id)
  AND (p.category IS NULL OR pv.category = p.category)
  AND (p.provision_id IS NULL OR pv.id = p.provision_id)
  AND (p.actor_id IS NULL OR c.actor_id = p.actor_id)
  AND (p.as_of IS NULL OR k.id IS NOT NULL);

-- report matrix: each actor's current position on each provision, in the order the
-- matrix reads: the plan's proposers, then the actors that speak for them (children
-- of a proposer), then the others, each followed by the actors that speak for it;
-- provisions by point.
CREATE VIEW report_matrix AS
SELECT m.plan, m.actor, m.role, m.provision, m.point, m.position, m.stated_on, m.source
FROM (SELECT c.plan, c.actor, c.provision, c.point, c.position, c.stated AS stated_on,
             c.source, a.parent_id, coalesce(parent.key, a.key) AS family,
             CASE WHEN EXISTS (SELECT 1 FROM plan_proposers pp
                               WHERE pp.plan_id = c.plan_id AND pp.actor_id = a.id)
                  THEN 'proposer'
                  WHEN EXISTS (SELECT 1 FROM plan_proposers pp
                               WHERE pp.plan_id = c.plan_id AND pp.actor_id = a.parent_id)
                  THEN 'speaks-for-proposer'
                  ELSE 'other' END AS role
      FROM current_stances c
      JOIN actors a ON a.id = c.actor_id
      LEFT JOIN actors parent ON parent.id = a.parent_id) m
ORDER BY m.plan,
         CASE m.role WHEN 'proposer' THEN 0 WHEN 'speaks-for-proposer' THEN 1 ELSE 2 END,
         CASE m.role WHEN 'other' THEN m.family END, m.parent_id IS NOT NULL, m.actor,
         m.point IS NULL, m.point, m.provision;

-- report timeline: every stance in date order.
CREATE VIEW report_timeline AS
SELECT k.stated AS stated_on, k.actor, k.provision, k.plan, k.position, k.source,
       k.published AS published_on, k.attribution, k.status, k.quote, k.stance_id AS stance
FROM known_stances k
ORDER BY k.stated_on, k.published_on, k.stance_id;

-- report shifts: an actor's active stance on a provision whose position differs from its
-- previous active stance there. A full flop reverses the sign of the position's score,
-- a half flip changes the score otherwise, no flip keeps it (proposes -> supports).
-- The window runs over ids and dates only, in the index's order (provision, actor,
-- date); the keys are joined to the shifts it finds.
CREATE VIEW report_shifts AS
SELECT a.key AS actor, pv.key AS provision, pl.key AS plan, w.from_position,
       w.position AS to_position, w.from_stated_on, w.stated AS to_stated_on,
       fs.key AS from_source, ts.key AS to_source, w.score - w.from_score AS score_change,
       CASE WHEN w.score * w.from_score < 0 THEN 'full flop'
            WHEN w.score <> w.from_score THEN 'half flip' ELSE 'no flip' END AS flip
FROM (SELECT k.stance_id, k.actor_id, k.provision_id, k.source_id, k.position, k.stated_on,
             k.stated, k.published_on, k.score,
             lag(k.position) OVER recent AS from_position,
             lag(k.score) OVER recent AS from_score,
             lag(k.stated) OVER recent AS from_stated_on,
             lag(k.source_id) OVER recent AS from_source_id
      FROM known_stances k
      WHERE k.status = 'active'
      WINDOW recent AS (PARTITION BY k.provision_id, k.actor_id
                        ORDER BY k.stated_on, k.published_on, k.stance_id)) w
CROSS JOIN report_parameters p
JOIN actors a ON a.id = w.actor_id
JOIN provisions pv ON pv.id = w.provision_id
JOIN plans pl ON pl.id = pv.plan_id
JOIN sources fs ON fs.id = w.from_source_id
JOIN sources ts ON ts.id = w.source_id
WHERE w.from_position IS NOT NULL AND w.from_position <> w.position
  AND (p.since IS NULL OR w.stated_on >= p.since)
ORDER BY w.stated_on, w.published_on, w.stance_id;

-- report conflicts: two active stances of the same actor on the same provision, from
-- different sources, whose positions score differently, stated at most window_days apart.
-- The second stance is found through stances_provision_actor_date, between the first
-- one's date and window_days later.
CREATE VIEW report_conflicts AS
SELECT ac.key AS actor, pv.key AS provision, pl.key AS plan,
       a.position AS first_position, a.stated AS first_stated_on, sa.key AS first_source,
       b.position AS second_position,
       CASE b.stated_precision WHEN 'year' THEN substr(b.stated_on, 1, 4)
            WHEN 'month' THEN substr(b.stated_on, 1, 7) ELSE b.stated_on END
           AS second_stated_on,
       sb.key AS second_source,
       CAST(julianday(b.stated_on) - julianday(a.stated_on) AS INTEGER) AS days_apart
FROM known_stances a
CROSS JOIN report_parameters p
CROSS JOIN stances b ON b.provision_id = a.provision_id AND b.actor_id = a.actor_id
    AND b.stated_on >= a.stated_on
    AND b.stated_on <= coalesce(date(a.stated_on, '+' || p.window_days || ' days'),
                                '9999-12-31')
CROSS JOIN sources sb ON sb.id = b.source_id
JOIN positions pa ON pa.key = a.position
JOIN positions pb ON pb.key = b.position
JOIN actors ac ON ac.id = a.actor_id
JOIN provisions pv ON pv.id = a.provision_id
JOIN plans pl ON pl.id = pv.plan_id
JOIN sources sa ON sa.id = a.source_id
WHERE a.status = 'active' AND b.status = 'active'
  AND a.source_id <> b.source_id AND pa.score <> pb.score
  AND (a.stated_on, a.published_on, a.stance_id) < (b.stated_on, sb.published_on, b.id)
  AND julianday(b.stated_on) - julianday(a.stated_on) <= p.window_days
  AND (p.as_of IS NULL OR (b.stated_on <= p.as_of AND sb.published_on <= p.as_of))
ORDER BY a.stated_on, a.published_on, a.stance_id, b.stated_on, sb.published_on, b.id;

-- report contested: provisions by the spread of the actors' current positions (highest
-- score minus lowest), with the actors on each side. Keys are joined after grouping.
CREATE VIEW report_contested AS
SELECT pl.key AS plan, pv.key AS provision, pv.point, pv.category, g.spread, g.actors,
       g.supporters, g.undecided, g.opponents
FROM (SELECT c.provision_id, max(c.score) - min(c.score) AS spread, count(*) AS actors,
             group_concat(CASE WHEN c.score > 0 THEN c.actor || ' (' || c.position || ')' END,
                          ', ') AS supporters,
             group_concat(CASE WHEN c.score = 0 THEN c.actor END, ', ') AS undecided,
             group_concat(CASE WHEN c.score < 0 THEN c.actor || ' (' || c.position || ')' END,
                          ', ') AS opponents
      FROM (SELECT provision_id, actor, position, score FROM current_stances
            ORDER BY provision_id, actor) c
      GROUP BY c.provision_id) g
JOIN provisions pv ON pv.id = g.provision_id
JOIN plans pl ON pl.id = pv.plan_id
ORDER BY g.spread DESC, g.actors DESC, pl.key, pv.point IS NULL, pv.point, pv.key;

-- report coverage: provisions with no active stance or a single source for them, and
-- proposers with no active stance on their own plan. A provision is thin when no known
-- active stance on it names another source than the first one found; the counts are
-- made for those provisions only.
CREATE VIEW report_coverage AS
SELECT plan, subject, key, gap, stances, source
FROM (SELECT n.plan, 'provision' AS subject, n.key, n.point,
             CASE WHEN n.stances = 0 THEN 'no stance' ELSE 'single source' END AS gap,
             n.stances, n.source
      FROM (SELECT pl.key AS plan, pv.key AS key, pv.point AS point,
                   (SELECT count(*) FROM known_stances k
                    WHERE k.provision_id = pv.id AND k.status = 'active') AS stances,
                   (SELECT min(k.source) FROM known_stances k
                    WHERE k.provision_id = pv.id AND k.status = 'active') AS source
            FROM report_parameters p
            CROSS JOIN provisions pv
            JOIN plans pl ON pl.id = pv.plan_id
            WHERE (p.plan_id IS NULL OR pv.plan_id = p.plan_id)
              AND (p.category IS NULL OR pv.category = p.category)
              AND (p.as_of IS NULL OR pl.first_reported_on IS NULL
                   OR pl.first_reported_on <= p.as_of)
              AND NOT EXISTS (
                  SELECT 1 FROM known_stances k
                  WHERE k.provision_id = pv.id AND k.status = 'active'
                    AND k.source_id <> (SELECT f.source_id FROM known_stances f
                                        WHERE f.provision_id = pv.id AND f.status = 'active'
                                        LIMIT 1))) n
      UNION ALL
      SELECT pl.key, 'actor', a.key, NULL, 'no stance on its own plan', 0, NULL
      FROM report_parameters p
      CROSS JOIN plan_proposers pp
      JOIN plans pl ON pl.id = pp.plan_id
      JOIN actors a ON a.id = pp.actor_id
      WHERE NOT EXISTS (SELECT 1 FROM known_stances k
                        WHERE k.actor_id = pp.actor_id AND k.plan_id = pp.plan_id
                          AND k.status = 'active')
        AND (p.plan_id IS NULL OR pp.plan_id = p.plan_id)
        AND (p.actor_id IS NULL OR pp.actor_id = p.actor_id)
        AND (p.as_of IS NULL OR pl.first_reported_on IS NULL OR pl.first_reported_on <= p.as_of))
ORDER BY plan, subject DESC, point IS NULL, point, key;

-- The pairs of plans report_plan_diff compares: every pair that lineage links (a
-- provision of plan B continues one of plan A).
CREATE VIEW plan_diff_pairs AS
SELECT DISTINCT a.plan_id AS plan_a_id, b.plan_id AS plan_b_id
FROM provisions b
JOIN provisions a ON a.id = b.continues_id
WHERE a.plan_id <> b.plan_id;

-- report plan-diff: provision by provision, what plan B did with plan A: kept (same),
-- modified, merged, split, dropped (no provision of B continues it) or added (no
-- lineage into A), with both texts side by side.
CREATE VIEW report_plan_diff AS
SELECT plan_a, plan_b, change, provision_a, point_a, title_a, text_a,
       provision_b, point_b, title_b, text_b
FROM (SELECT pa.key AS plan_a, pb.key AS plan_b,
             CASE WHEN a.id IS NULL THEN 'added' WHEN b.relation = 'same' THEN 'kept'
                  ELSE b.relation END AS change,
             a.key AS provision_a, a.point AS point_a, a.title AS title_a, a.text AS text_a,
             b.key AS provision_b, b.point AS point_b, b.title AS title_b, b.text AS text_b
      FROM plan_diff_pairs pr
      JOIN plans pa ON pa.id = pr.plan_a_id
      JOIN plans pb ON pb.id = pr.plan_b_id
      JOIN provisions b ON b.plan_id = pr.plan_b_id
      LEFT JOIN provisions a ON a.id = b.continues_id AND a.plan_id = pr.plan_a_id
      UNION ALL
      SELECT pa.key, pb.key, 'dropped', a.key, a.point, a.title, a.text,
             NULL, NULL, NULL, NULL
      FROM plan_diff_pairs pr
      JOIN plans pa ON pa.id = pr.plan_a_id
      JOIN plans pb ON pb.id = pr.plan_b_id
      JOIN provisions a ON a.plan_id = pr.plan_a_id
      WHERE NOT EXISTS (SELECT 1 FROM provisions b
                        WHERE b.plan_id = pr.plan_b_id AND b.continues_id = a.id))
ORDER BY plan_a, plan_b, provision_b IS NULL, point_b IS NULL, point_b, provision_b,
         point_a IS NULL, point_a, provision_a;

-- report sources: per source, how many stances, provisions, actors and plans it
-- reports. With a filter, only the sources that report something matching it.
-- The counts are made in one pass over stances_source, in source order: without a
-- filter over every stance, with one over those that pass the filters of known_stances
-- (as of a day, the sources published by then are the outer query's). Each branch is
-- skipped as a whole when its condition on the parameters is false. The sources are
-- read in the report's order through sources_published.
CREATE INDEX sources_published ON sources (published_on, key);

CREATE VIEW report_sources AS
SELECT s.key AS source, s.outlet,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END
           AS published_on,
       s.kind, coalesce(n.stances, 0) AS stances, coalesce(n.provisions, 0) AS provisions,
       coalesce(n.actors, 0) AS actors, coalesce(n.plans, 0) AS plans
FROM report_parameters p
CROSS JOIN sources s
LEFT JOIN (SELECT st.source_id, count(*) AS stances,
                  count(DISTINCT st.provision_id) AS provisions,
                  count(DISTINCT st.actor_id) AS actors, count(DISTINCT pv.plan_id) AS plans
           FROM report_parameters q
           CROSS JOIN stances st
           JOIN provisions pv ON pv.id = st.provision_id
           WHERE q.actor_id IS NULL AND q.as_of IS NULL AND q.plan_id IS NULL
             AND q.category IS NULL AND q.provision_id IS NULL
           GROUP BY st.source_id
           UNION ALL
           SELECT st.source_id, count(*), count(DISTINCT st.provision_id),
                  count(DISTINCT st.actor_id), count(DISTINCT pv.plan_id)
           FROM report_parameters q
           CROSS JOIN stances st
           JOIN provisions pv ON pv.id = st.provision_id
           WHERE NOT (q.actor_id IS NULL AND q.as_of IS NULL AND q.plan_id IS NULL
                      AND q.category IS NULL AND q.provision_id IS NULL)
             AND (q.actor_id IS NULL OR st.actor_id = q.actor_id)
             AND (q.as_of IS NULL OR st.stated_on <= q.as_of)
             AND (q.plan_id IS NULL OR pv.plan_id = q.plan_id)
             AND (q.category IS NULL OR pv.category = q.category)
             AND (q.provision_id IS NULL OR pv.id = q.provision_id)
           GROUP BY st.source_id) n ON n.source_id = s.id
WHERE (p.as_of IS NULL OR s.published_on <= p.as_of)
  AND (n.stances IS NOT NULL
       OR (p.plan_id IS NULL AND p.actor_id IS NULL AND p.category IS NULL))
ORDER BY s.published_on, s.key;

-- Full-text search over provision titles and texts, stance quotes and notes, and source
-- titles. The rowid encodes what a row indexes: id * 4 + 1 for a provision, + 2 for a
-- stance, + 3 for a source; `kind` says the same in words. Triggers keep it in step.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search_index (rowid, kind, title, body)
SELECT id * 4 + 1, 'provision', title, text FROM provisions;
INSERT INTO search_index (rowid, kind, title, body)
SELECT id * 4 + 2, 'stance', quote, notes FROM stances
WHERE quote IS NOT NULL OR notes IS NOT NULL;
INSERT INTO search_index (rowid, kind, title, body)
SELECT id * 4 + 3, 'source', title, NULL FROM sources;

CREATE TRIGGER provisions_search_insert AFTER INSERT ON provisions
BEGIN
    INSERT INTO search_index (rowid, kind, title, body)
    VALUES (NEW.id * 4 + 1, 'provision', NEW.title, NEW.text);
END;
CREATE TRIGGER provisions_search_update AFTER UPDATE OF title, text ON provisions
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
    INSERT INTO search_index (rowid, kind, title, body)
    VALUES (NEW.id * 4 + 1, 'provision', NEW.title, NEW.text);
END;
CREATE TRIGGER provisions_search_delete AFTER DELETE ON provisions
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
END;

CREATE TRIGGER stances_search_insert AFTER INSERT ON stances
WHEN NEW.quote IS NOT NULL OR NEW.notes IS NOT NULL
BEGIN
    INSERT INTO search_index (rowid, kind, title, body)
    VALUES (NEW.id * 4 + 2, 'stance', NEW.quote, NEW.notes);
END;
CREATE TRIGGER stances_search_update AFTER UPDATE OF quote, notes ON stances
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
    INSERT INTO search_index (rowid, kind, title, body)
    SELECT NEW.id * 4 + 2, 'stance', NEW.quote, NEW.notes
    WHERE NEW.quote IS NOT NULL OR NEW.notes IS NOT NULL;
END;
CREATE TRIGGER stances_search_delete AFTER DELETE ON stances
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
END;

CREATE TRIGGER sources_search_insert AFTER INSERT ON sources
BEGIN
    INSERT INTO search_index (rowid, kind, title, body)
    VALUES (NEW.id * 4 + 3, 'source', NEW.title, NULL);
END;
CREATE TRIGGER sources_search_update AFTER UPDATE OF title ON sources
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
    INSERT INTO search_index (rowid, kind, title, body)
    VALUES (NEW.id * 4 + 3, 'source', NEW.title, NULL);
END;
CREATE TRIGGER sources_search_delete AFTER DELETE ON sources
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
END;
