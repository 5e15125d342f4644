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
-- The views use nothing newer than SQLite 3.25 (window functions), so older sqlite3
-- shells and Datasette installs can open them.

-- The parameters of the report views: NULL means "no filter".
CREATE VIEW report_parameters AS
SELECT NULL AS as_of, NULL AS plan_id, NULL AS actor_id, NULL AS provision_id,
       NULL AS category, NULL AS since, 30 AS window_days;

-- Every stance with the keys of what it links and its dates at their precision.
-- `stated_on` and `published_on` are the stored first days (for sorting and comparing);
-- `stated` and `published` show them as precise as they are known.
-- As of a day, a stance is known if it was stated and its source published by then.
-- The filters are written as IN lists of provisions and actors so that, when the
-- command line sets them, SQLite reads only the matching stances through the indexes.
CREATE VIEW known_stances AS
SELECT st.id AS stance_id, st.actor_id, st.provision_id, pv.plan_id, st.source_id,
       a.key AS actor, pv.key AS provision, pl.key AS plan, pv.point, pv.category,
       st.position, pos.score, st.stated_on,
       CASE st.stated_precision WHEN 'year' THEN substr(st.stated_on, 1, 4)
            WHEN 'month' THEN substr(st.stated_on, 1, 7) ELSE st.stated_on END AS stated,
       s.key AS source, s.published_on,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END AS published,
       st.attribution, st.status, st.quote, st.notes
FROM stances st
JOIN actors a ON a.id = st.actor_id
JOIN provisions pv ON pv.id = st.provision_id
JOIN plans pl ON pl.id = pv.plan_id
JOIN sources s ON s.id = st.source_id
JOIN positions pos ON pos.key = st.position
CROSS JOIN report_parameters p
WHERE st.provision_id IN (SELECT x.id FROM provisions x CROSS JOIN report_parameters q
                          WHERE (q.plan_id IS NULL OR x.plan_id = q.plan_id)
                            AND (q.category IS NULL OR x.category = q.category)
                            AND (q.provision_id IS NULL OR x.id = q.provision_id))
  AND st.actor_id IN (SELECT y.id FROM actors y CROSS JOIN report_parameters q
                      WHERE q.actor_id IS NULL OR y.id = q.actor_id)
  AND (p.as_of IS NULL OR (st.stated_on <= p.as_of AND s.published_on <= p.as_of));

-- The current stance of each actor on each provision: the latest active one by the date
-- it was stated, ties broken by the source's publication date, then by stance id.
CREATE VIEW current_stances AS
SELECT stance_id, actor_id, provision_id, plan_id, source_id, actor, provision, plan,
       point, category, position, score, stated_on, stated, source, published_on,
       published, attribution, quote
FROM (SELECT k.*, row_number() OVER (
          PARTITION BY k.actor_id, k.provision_id
          ORDER BY k.stated_on DESC, k.published_on DESC, k.stance_id DESC) AS recency
      FROM known_stances k
      WHERE k.status = 'active')
WHERE recency = 1;

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
CREATE VIEW report_shifts AS
SELECT w.actor, w.provision, w.plan, w.from_position, w.position AS to_position,
       w.from_stated_on, w.stated AS to_stated_on, w.from_source, w.source AS to_source,
       w.score - w.from_score AS score_change,
       CASE WHEN w.score * w.from_score < 0 THEN 'full flop'
            WHEN w.score <> w.from_score THEN 'half flip' ELSE 'no flip' END AS flip
FROM (SELECT k.*,
             lag(k.position) OVER recent AS from_position,
             lag(k.score) OVER recent AS from_score,
             lag(k.stated) OVER recent AS from_stated_on,
             lag(k.source) OVER recent AS from_source
      FROM known_stances k
      WHERE k.status = 'active'
      WINDOW recent AS (PARTITION BY k.actor_id, k.provision_id
                        ORDER BY k.stated_on, k.published_on, k.stance_id)) w
CROSS JOIN report_parameters p
WHERE w.from_position IS NOT NULL AND w.from_position <> w.position
  AND (p.since IS NULL OR w.stated_on >= p.since)
ORDER BY w.stated_on, w.published_on, w.stance_id;

-- report conflicts: two active stances of the same actor on the same provision, from
-- different sources, whose positions score differently, stated at most window_days apart.
CREATE VIEW report_conflicts AS
SELECT a.actor, a.provision, a.plan,
       a.position AS first_position, a.stated AS first_stated_on, a.source AS first_source,
       b.position AS second_position, b.stated AS second_stated_on, b.source AS second_source,
       CAST(julianday(b.stated_on) - julianday(a.stated_on) AS INTEGER) AS days_apart
FROM known_stances a
JOIN known_stances b ON b.actor_id = a.actor_id AND b.provision_id = a.provision_id
CROSS JOIN report_parameters p
WHERE a.status = 'active' AND b.status = 'active'
  AND a.source_id <> b.source_id AND a.score <> b.score
  AND (a.stated_on, a.published_on, a.stance_id) < (b.stated_on, b.published_on, b.stance_id)
  AND julianday(b.stated_on) - julianday(a.stated_on) <= p.window_days
ORDER BY a.stated_on, a.published_on, a.stance_id, b.stated_on, b.published_on, b.stance_id;

-- report contested: provisions by the spread of the actors' current positions (highest
-- score minus lowest), with the actors on each side.
CREATE VIEW report_contested AS
SELECT c.plan, c.provision, c.point, c.category,
       max(c.score) - min(c.score) AS spread, count(*) AS actors,
       group_concat(CASE WHEN c.score > 0 THEN c.actor || ' (' || c.position || ')' END, ', ')
           AS supporters,
       group_concat(CASE WHEN c.score = 0 THEN c.actor END, ', ') AS undecided,
       group_concat(CASE WHEN c.score < 0 THEN c.actor || ' (' || c.position || ')' END, ', ')
           AS opponents
FROM (SELECT * FROM current_stances ORDER BY provision_id, actor) c
GROUP BY c.provision_id
ORDER BY spread DESC, actors DESC, c.plan, c.point IS NULL, c.point, c.provision;

-- report coverage: provisions with no active stance or a single source for them, and
-- proposers with no active stance on their own plan.
CREATE VIEW report_coverage AS
SELECT plan, subject, key, gap, stances, source
FROM (SELECT pl.key AS plan, 'provision' AS subject, pv.key AS key, pv.point AS point,
             CASE WHEN n.stances IS NULL THEN 'no stance' ELSE 'single source' END AS gap,
             coalesce(n.stances, 0) AS stances, n.source AS source
      FROM provisions pv
      JOIN plans pl ON pl.id = pv.plan_id
      CROSS JOIN report_parameters p
      LEFT JOIN (SELECT provision_id, count(*) AS stances,
                        count(DISTINCT source_id) AS sources, min(source) AS source
                 FROM known_stances WHERE status = 'active'
                 GROUP BY provision_id) n ON n.provision_id = pv.id
      WHERE coalesce(n.sources, 0) <= 1
        AND (p.plan_id IS NULL OR pv.plan_id = p.plan_id)
        AND (p.category IS NULL OR pv.category = p.category)
        AND (p.as_of IS NULL OR pl.first_reported_on IS NULL OR pl.first_reported_on <= p.as_of)
      UNION ALL
      SELECT pl.key, 'actor', a.key, NULL, 'no stance on its own plan', 0, NULL
      FROM plan_proposers pp
      JOIN plans pl ON pl.id = pp.plan_id
      JOIN actors a ON a.id = pp.actor_id
      CROSS JOIN report_parameters p
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
CREATE VIEW report_sources AS
SELECT s.key AS source, s.outlet,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END
           AS published_on,
       s.kind, count(k.stance_id) AS stances, count(DISTINCT k.provision_id) AS provisions,
       count(DISTINCT k.actor_id) AS actors, count(DISTINCT k.plan_id) AS plans
FROM sources s
CROSS JOIN report_parameters p
LEFT JOIN known_stances k ON k.source_id = s.id
WHERE p.as_of IS NULL OR s.published_on <= p.as_of
GROUP BY s.id
HAVING count(k.stance_id) > 0
    OR (max(p.plan_id) IS NULL AND max(p.actor_id) IS NULL AND max(p.category) IS NULL)
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
