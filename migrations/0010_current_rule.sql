-- provtrack schema, level 10: the current-stance rule defined once, reports that need no
-- row of `positions`, and the reports over current stances read one table.
--
-- The rule. The current stance of an actor on a target (a provision, or the plan as a
-- whole), per kind of statement, is its active stance with the greatest `recency`: the
-- date stated, then the actor's own on-record word (firsthand) before a second-hand
-- account, then the source's publication date, then the stance id. `recency` is those
-- four compared as one string; it is computed in ONE place, the view
-- `latest_stance_candidates`, which every trigger that keeps `latest_stances`, the
-- bulk refresh (`latest_stances_recomputed`) and the `--as-of` lookup of
-- `current_stances` read. Before this level the same order was written out in five
-- places (an upsert's tuple comparison, three triggers' ORDER BY, the as-of lookup).
--
-- `report_parameters` (the views' default flags) came from the row 'undecided' of
-- `positions`, so deleting that row (another tool can) emptied every report. It now
-- comes from the one row of `report_defaults`, a table of its own whose row cannot be
-- deleted or changed. It is read by its id so that SQLite knows it is one row: the
-- flags fold into each report's query as constants, and an ORDER BY or GROUP BY can
-- follow an index (a table-valued function such as json_each('[0]') would also be one
-- row, but SQLite cannot know it, and sorts).
--
-- `target_stances` and `latest_stances` are derived tables (no history of their own):
-- they are made again, with `stated_inferred` (and `latest_stances` with `recency`),
-- from the stances, so that the matrix reads everything it shows from latest_stances
-- without a lookup of each stance. `current_stances` reads `latest_stances` directly,
-- per plan, and looks up a stance's quote, evidence and attribution, a source's key and
-- a provision's key only when a query uses them. `report sources` counts each source's
-- statements through the index on their origin instead of joining a million-row
-- aggregate it could not index.

CREATE TABLE report_defaults (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;
INSERT INTO report_defaults (id) VALUES (1);
CREATE TRIGGER report_defaults_keep_row BEFORE DELETE ON report_defaults
BEGIN
    SELECT RAISE(ABORT, 'report_defaults keeps its one row: every report view reads it');
END;
CREATE TRIGGER report_defaults_no_update BEFORE UPDATE ON report_defaults
BEGIN
    SELECT RAISE(ABORT, 'report_defaults keeps its one row: every report view reads it');
END;

DROP VIEW report_parameters;
CREATE VIEW report_parameters AS
SELECT NULL AS as_of, NULL AS plan_id, NULL AS actor_id, NULL AS provision_id,
       NULL AS category, NULL AS since, 30 AS window_days, NULL AS kind, 1 AS lineage,
       NULL AS group_tag
FROM report_defaults WHERE id = 1;

-- The derived tables, made again. Their triggers go with them; the triggers on other
-- tables that fill them are replaced below.
DROP TRIGGER stance_targets_derived_insert;
DROP TRIGGER stance_targets_derived_update;
DROP TRIGGER stances_derived_update;
DROP TRIGGER sources_latest_update;
DROP VIEW target_stances_recomputed;
DROP VIEW latest_stances_recomputed;
DROP TABLE latest_stances;
DROP TABLE target_stances;

-- One row per target of every stance, with what the reports compare (level 7), and
-- whether the stated date is inferred.
CREATE TABLE target_stances (
    plan_id          INTEGER NOT NULL,
    provision_id     INTEGER NOT NULL,
    actor_id         INTEGER NOT NULL,
    stated_on        TEXT NOT NULL,
    stance_id        INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    status           TEXT NOT NULL,
    position         TEXT NOT NULL,
    source_id        INTEGER NOT NULL,
    origin_id        INTEGER NOT NULL,
    firsthand        INTEGER NOT NULL,
    stated_precision TEXT NOT NULL,
    stated_inferred  INTEGER NOT NULL,
    PRIMARY KEY (plan_id, provision_id, actor_id, stated_on, stance_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX target_stances_stance ON target_stances (stance_id);
CREATE INDEX target_stances_origin
    ON target_stances (origin_id, provision_id, actor_id, plan_id, kind, stated_on);

CREATE VIEW target_stances_recomputed AS
SELECT st.plan_id, coalesce(t.provision_id, 0) AS provision_id, st.actor_id, st.stated_on,
       st.id AS stance_id, st.kind, st.status, st.position, st.source_id,
       coalesce(st.relays_source_id, st.source_id) AS origin_id,
       st.attribution = 'direct' AS firsthand, st.stated_precision, st.stated_inferred
FROM stance_targets t JOIN stances st ON st.id = t.stance_id;

INSERT INTO target_stances SELECT * FROM target_stances_recomputed;

CREATE TRIGGER stance_targets_derived_insert AFTER INSERT ON stance_targets
BEGIN
    INSERT INTO target_stances
    SELECT * FROM target_stances_recomputed
    WHERE stance_id = NEW.stance_id AND provision_id = coalesce(NEW.provision_id, 0);
END;
CREATE TRIGGER stance_targets_derived_update AFTER UPDATE ON stance_targets
BEGIN
    DELETE FROM target_stances
    WHERE stance_id = OLD.stance_id AND provision_id = coalesce(OLD.provision_id, 0);
    INSERT INTO target_stances
    SELECT * FROM target_stances_recomputed
    WHERE stance_id = NEW.stance_id AND provision_id = coalesce(NEW.provision_id, 0);
END;
CREATE TRIGGER stances_derived_update
AFTER UPDATE OF id, plan_id, actor_id, stated_on, kind, status, position, source_id,
                relays_source_id, attribution, stated_precision, stated_inferred ON stances
BEGIN
    UPDATE target_stances SET plan_id = NEW.plan_id, actor_id = NEW.actor_id,
        stated_on = NEW.stated_on, stance_id = NEW.id, kind = NEW.kind,
        status = NEW.status, position = NEW.position, source_id = NEW.source_id,
        origin_id = coalesce(NEW.relays_source_id, NEW.source_id),
        firsthand = NEW.attribution = 'direct', stated_precision = NEW.stated_precision,
        stated_inferred = NEW.stated_inferred
    WHERE stance_id = OLD.id;
END;

-- THE RULE: every active stance of every (target, kind, actor) with what latest_stances
-- keeps of it and its `recency`; the current stance is the one with the greatest.
-- A negative id (another tool's) sorts below every positive one.
CREATE VIEW latest_stance_candidates AS
SELECT t.plan_id, t.provision_id, t.kind, a.key AS actor, t.actor_id, t.stance_id,
       t.stated_on, t.firsthand, s.published_on, t.position, pos.score, t.source_id,
       t.stated_precision, t.stated_inferred,
       t.stated_on || t.firsthand || s.published_on
       || CASE WHEN t.stance_id < 0
               THEN '0' || printf('%019d', t.stance_id + 9223372036854775807 + 1)
               ELSE '1' || printf('%019d', t.stance_id) END AS recency
FROM target_stances t
JOIN sources s ON s.id = t.source_id
JOIN actors a ON a.id = t.actor_id
JOIN positions pos ON pos.key = t.position
WHERE t.status = 'active';

CREATE TABLE latest_stances (
    plan_id          INTEGER NOT NULL,
    provision_id     INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    actor            TEXT NOT NULL,
    actor_id         INTEGER NOT NULL,
    stance_id        INTEGER NOT NULL,
    stated_on        TEXT NOT NULL,
    firsthand        INTEGER NOT NULL,
    published_on     TEXT NOT NULL,
    position         TEXT NOT NULL,
    score            INTEGER NOT NULL,
    source_id        INTEGER NOT NULL,
    stated_precision TEXT NOT NULL,
    stated_inferred  INTEGER NOT NULL,
    recency          TEXT NOT NULL,
    PRIMARY KEY (plan_id, provision_id, kind, actor)
) STRICT, WITHOUT ROWID;

-- What latest_stances holds, in one pass: each pair's candidate of greatest recency
-- (SQLite takes the other columns from the row that has the max).
CREATE VIEW latest_stances_recomputed AS
SELECT plan_id, provision_id, kind, actor, actor_id, stance_id, stated_on, firsthand,
       published_on, position, score, source_id, stated_precision, stated_inferred,
       max(recency) AS recency
FROM latest_stance_candidates
GROUP BY plan_id, provision_id, kind, actor_id;

INSERT INTO latest_stances SELECT * FROM latest_stances_recomputed;

-- A new active target stance becomes current if it ranks above the pair's current one.
CREATE TRIGGER target_stances_latest_insert AFTER INSERT ON target_stances
WHEN NEW.status = 'active'
BEGIN
    INSERT INTO latest_stances
    SELECT * FROM latest_stance_candidates
    WHERE stance_id = NEW.stance_id AND provision_id = NEW.provision_id
    ON CONFLICT (plan_id, provision_id, kind, actor) DO UPDATE SET
        actor_id = excluded.actor_id, stance_id = excluded.stance_id,
        stated_on = excluded.stated_on, firsthand = excluded.firsthand,
        published_on = excluded.published_on, position = excluded.position,
        score = excluded.score, source_id = excluded.source_id,
        stated_precision = excluded.stated_precision,
        stated_inferred = excluded.stated_inferred, recency = excluded.recency
    WHERE excluded.recency > latest_stances.recency;
END;

-- Any other change picks the current stance of the pairs it touches again.
CREATE TRIGGER target_stances_latest_update AFTER UPDATE ON target_stances
BEGIN
    DELETE FROM latest_stances
    WHERE plan_id = OLD.plan_id AND provision_id = OLD.provision_id AND kind = OLD.kind
      AND actor_id = OLD.actor_id;
    INSERT INTO latest_stances
    SELECT * FROM latest_stance_candidates
    WHERE plan_id = OLD.plan_id AND provision_id = OLD.provision_id
      AND actor_id = OLD.actor_id AND kind = OLD.kind
    ORDER BY recency DESC LIMIT 1;
    DELETE FROM latest_stances
    WHERE plan_id = NEW.plan_id AND provision_id = NEW.provision_id AND kind = NEW.kind
      AND actor_id = NEW.actor_id
      AND (NEW.plan_id, NEW.provision_id, NEW.kind, NEW.actor_id)
          IS NOT (OLD.plan_id, OLD.provision_id, OLD.kind, OLD.actor_id);
    INSERT INTO latest_stances
    SELECT * FROM latest_stance_candidates
    WHERE plan_id = NEW.plan_id AND provision_id = NEW.provision_id
      AND actor_id = NEW.actor_id AND kind = NEW.kind
      AND (NEW.plan_id, NEW.provision_id, NEW.kind, NEW.actor_id)
          IS NOT (OLD.plan_id, OLD.provision_id, OLD.kind, OLD.actor_id)
    ORDER BY recency DESC LIMIT 1;
END;

CREATE TRIGGER target_stances_latest_delete AFTER DELETE ON target_stances
WHEN EXISTS (SELECT 1 FROM latest_stances
             WHERE plan_id = OLD.plan_id AND provision_id = OLD.provision_id
               AND kind = OLD.kind AND stance_id = OLD.stance_id)
BEGIN
    DELETE FROM latest_stances
    WHERE plan_id = OLD.plan_id AND provision_id = OLD.provision_id AND kind = OLD.kind
      AND actor_id = OLD.actor_id;
    INSERT INTO latest_stances
    SELECT * FROM latest_stance_candidates
    WHERE plan_id = OLD.plan_id AND provision_id = OLD.provision_id
      AND actor_id = OLD.actor_id AND kind = OLD.kind
    ORDER BY recency DESC LIMIT 1;
END;

-- A source's new publication date can change which stance is current in every pair it
-- reports.
CREATE TRIGGER sources_latest_update AFTER UPDATE OF published_on ON sources
WHEN NEW.published_on IS NOT OLD.published_on
BEGIN
    DELETE FROM latest_stances
    WHERE (plan_id, provision_id, kind, actor_id) IN (
        SELECT t.plan_id, t.provision_id, t.kind, t.actor_id
        FROM stances x JOIN target_stances t ON t.stance_id = x.id
        WHERE x.source_id = NEW.id);
    INSERT INTO latest_stances
    SELECT c.*
    FROM (SELECT DISTINCT t.plan_id, t.provision_id, t.kind, t.actor_id
          FROM stances x JOIN target_stances t ON t.stance_id = x.id
          WHERE x.source_id = NEW.id) pair
    JOIN latest_stance_candidates c
      ON c.plan_id = pair.plan_id AND c.provision_id = pair.provision_id
     AND c.stance_id = (SELECT k.stance_id FROM latest_stance_candidates k
                        WHERE k.plan_id = pair.plan_id AND k.provision_id = pair.provision_id
                          AND k.actor_id = pair.actor_id AND k.kind = pair.kind
                        ORDER BY k.recency DESC LIMIT 1);
END;

-- The current stances, with the flags of report_parameters (level 9's columns): read
-- from latest_stances plan by plan; as of a day, each pair's candidate of greatest
-- recency among those known that day. Keys, quotes and the like are looked up only when
-- a query reads them.
DROP VIEW current_stances;
CREATE VIEW current_stances AS
SELECT coalesce(k.id, c.stance_id) AS stance_id, c.actor_id, c.provision_id, c.plan_id,
       coalesce(k.source_id, c.source_id) AS source_id, c.actor, pl.key AS plan,
       (SELECT pv.key FROM provisions pv WHERE pv.id = c.provision_id) AS provision,
       (SELECT pv.point FROM provisions pv WHERE pv.id = c.provision_id) AS point,
       (SELECT pv.category FROM provisions pv WHERE pv.id = c.provision_id) AS category,
       c.kind,
       coalesce(k.position, c.position) AS position,
       CASE WHEN k.id IS NULL THEN c.score
            ELSE (SELECT kp.score FROM positions kp WHERE kp.key = k.position) END AS score,
       coalesce(k.stated_on, c.stated_on) AS stated_on,
       CASE coalesce(k.stated_precision, c.stated_precision)
            WHEN 'year' THEN substr(coalesce(k.stated_on, c.stated_on), 1, 4)
            WHEN 'month' THEN substr(coalesce(k.stated_on, c.stated_on), 1, 7)
            ELSE coalesce(k.stated_on, c.stated_on) END AS stated,
       coalesce(k.stated_inferred, c.stated_inferred) AS stated_inferred,
       (SELECT s.key FROM sources s WHERE s.id = coalesce(k.source_id, c.source_id))
           AS source,
       (SELECT s.published_on FROM sources s WHERE s.id = coalesce(k.source_id, c.source_id))
           AS published_on,
       (SELECT CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
                    WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END
        FROM sources s WHERE s.id = coalesce(k.source_id, c.source_id)) AS published,
       (SELECT x.attribution FROM stances x WHERE x.id = coalesce(k.id, c.stance_id))
           AS attribution,
       (SELECT x.quote FROM stances x WHERE x.id = coalesce(k.id, c.stance_id)) AS quote,
       (SELECT x.evidence FROM stances x WHERE x.id = coalesce(k.id, c.stance_id))
           AS evidence
FROM report_parameters p
CROSS JOIN plans pl
CROSS JOIN latest_stances c ON c.plan_id = pl.id AND c.kind = coalesce(p.kind, 'position')
LEFT JOIN stances k ON k.id = CASE WHEN p.as_of IS NOT NULL THEN (
    SELECT x.stance_id FROM latest_stance_candidates x
    WHERE x.plan_id = c.plan_id AND x.provision_id = c.provision_id
      AND x.actor_id = c.actor_id AND x.kind = c.kind
      AND x.stated_on <= p.as_of AND x.published_on <= p.as_of
    ORDER BY x.recency DESC LIMIT 1) END
WHERE (p.plan_id IS NULL OR pl.id = p.plan_id)
  AND (p.category IS NULL
       OR (SELECT pv.category FROM provisions pv WHERE pv.id = c.provision_id) = p.category)
  AND (p.provision_id IS NULL OR c.provision_id = p.provision_id)
  AND (p.actor_id IS NULL OR c.actor_id = p.actor_id)
  AND (p.as_of IS NULL OR k.id IS NOT NULL)
  AND (p.group_tag IS NULL
       OR EXISTS (SELECT 1 FROM actor_tags g WHERE g.tag = p.group_tag AND g.actor_id = c.actor_id));

-- Each source's statements (those that originate with it: a relayed report counts for
-- the source it relays), provisions, actors and plans: without a flag, counted source by
-- source through the indexes on the origin; with flags, from the known stances that
-- pass them. (`+s.id` has no affinity, so that the expression index on the origin serves
-- the comparison.)
DROP VIEW report_sources;
CREATE VIEW report_sources AS
SELECT source, outlet, published_on, published_inferred, kind, stances, provisions, actors,
       plans, relayed
FROM (SELECT s.key AS source, s.outlet,
             CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
                  WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END
                 AS published_on,
             s.published_inferred, s.kind,
             (SELECT count(*) FROM stances x
              WHERE coalesce(x.relays_source_id, x.source_id) = +s.id) AS stances,
             (SELECT count(*) FROM (SELECT DISTINCT t.provision_id FROM target_stances t
                                    WHERE t.origin_id = s.id AND t.provision_id <> 0))
                 AS provisions,
             (SELECT count(DISTINCT x.actor_id) FROM stances x
              WHERE coalesce(x.relays_source_id, x.source_id) = +s.id) AS actors,
             (SELECT count(DISTINCT x.plan_id) FROM stances x
              WHERE coalesce(x.relays_source_id, x.source_id) = +s.id) AS plans,
             (SELECT count(*) FROM stances r INDEXED BY stances_relayed
              WHERE r.relays_source_id IS NOT NULL AND r.source_id = s.id) AS relayed,
             s.published_on AS sort_on
      FROM report_parameters p
      CROSS JOIN sources s
      WHERE p.actor_id IS NULL AND p.as_of IS NULL AND p.plan_id IS NULL
        AND p.category IS NULL AND p.provision_id IS NULL AND p.kind IS NULL
        AND p.group_tag IS NULL
      UNION ALL
      SELECT s.key, s.outlet,
             CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
                  WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END,
             s.published_inferred, s.kind, n.stances, n.provisions, n.actors, n.plans,
             (SELECT count(*) FROM stances r INDEXED BY stances_relayed
              WHERE r.relays_source_id IS NOT NULL AND r.source_id = s.id),
             s.published_on
      FROM report_parameters p
      CROSS JOIN (SELECT k.origin_id, count(DISTINCT k.stance_id) AS stances,
                         count(DISTINCT CASE WHEN k.provision_id <> 0
                                             THEN k.provision_id END) AS provisions,
                         count(DISTINCT k.actor_id) AS actors,
                         count(DISTINCT k.plan_id) AS plans
                  FROM report_parameters q
                  CROSS JOIN known_stances k
                  WHERE q.kind IS NULL OR k.kind = q.kind
                  GROUP BY k.origin_id) n
      JOIN sources s ON s.id = n.origin_id
      WHERE NOT (p.actor_id IS NULL AND p.as_of IS NULL AND p.plan_id IS NULL
                 AND p.category IS NULL AND p.provision_id IS NULL AND p.kind IS NULL
                 AND p.group_tag IS NULL)
        AND (p.as_of IS NULL OR s.published_on <= p.as_of))
ORDER BY sort_on, source;

-- The matrix: the role of each actor (proposer of the plan, speaks for one, other) and
-- each cell's provision and source read by joins, once per row, where level 8 ran a
-- subquery for each (and the role's twice: in the row and in the ORDER BY).
DROP VIEW report_matrix;
CREATE VIEW report_matrix AS
SELECT m.plan, m.actor, m.role, m.provision, m.point, m.position, m.stated_on,
       m.stated_inferred, m.source
FROM (SELECT c.plan, c.actor, o.key AS provision, c.provision_id, o.point, o.point_order,
             c.position, c.stated AS stated_on, c.stated_inferred, s.key AS source,
             a.parent_id, coalesce(parent.key, a.key) AS family,
             CASE WHEN pp.actor_id IS NOT NULL THEN 'proposer'
                  WHEN ppp.actor_id IS NOT NULL THEN 'speaks-for-proposer'
                  ELSE 'other' END AS role,
             CASE WHEN pp.actor_id IS NOT NULL THEN 0
                  WHEN ppp.actor_id IS NOT NULL THEN 1 ELSE 2 END AS role_rank
      FROM current_stances c
      JOIN actors a ON a.id = c.actor_id
      LEFT JOIN actors parent ON parent.id = a.parent_id
      LEFT JOIN plan_proposers pp ON pp.plan_id = c.plan_id AND pp.actor_id = a.id
      LEFT JOIN plan_proposers ppp ON ppp.plan_id = c.plan_id AND ppp.actor_id = a.parent_id
      LEFT JOIN provisions o ON o.id = c.provision_id
      LEFT JOIN sources s ON s.id = c.source_id) m
ORDER BY m.plan, m.role_rank, CASE m.role_rank WHEN 2 THEN m.family END,
         m.parent_id IS NOT NULL, m.actor, m.provision_id <> 0, m.point IS NULL,
         m.point_order, m.provision;

-- Contested: without --as-of, the current stances are latest_stances itself, read in
-- its key's order (plan, provision, kind, actor), so the spread of each provision is
-- one pass with no sort; with --as-of, through current_stances as before.
DROP VIEW report_contested;
CREATE VIEW report_contested AS
SELECT pl.key AS plan, pv.key AS provision, pv.point, pv.category, g.spread, g.actors,
       g.supporters, g.undecided, g.opponents
FROM (SELECT c.plan_id, c.provision_id, max(c.score) - min(c.score) AS spread,
             count(*) AS actors,
             group_concat(CASE WHEN c.score > 0 THEN c.actor || ' (' || c.position || ')' END,
                          ', ') AS supporters,
             group_concat(CASE WHEN c.score = 0 THEN c.actor END, ', ') AS undecided,
             group_concat(CASE WHEN c.score < 0 THEN c.actor || ' (' || c.position || ')' END,
                          ', ') AS opponents
      FROM report_parameters p
      CROSS JOIN latest_stances c
      WHERE p.as_of IS NULL AND c.kind = coalesce(p.kind, 'position')
        AND (p.plan_id IS NULL OR c.plan_id = p.plan_id)
        AND (p.category IS NULL
             OR (SELECT pv.category FROM provisions pv WHERE pv.id = c.provision_id)
                = p.category)
        AND (p.provision_id IS NULL OR c.provision_id = p.provision_id)
        AND (p.actor_id IS NULL OR c.actor_id = p.actor_id)
        AND (p.group_tag IS NULL
             OR EXISTS (SELECT 1 FROM actor_tags t
                        WHERE t.tag = p.group_tag AND t.actor_id = c.actor_id))
      GROUP BY c.plan_id, c.provision_id
      UNION ALL
      SELECT c.plan_id, c.provision_id, max(c.score) - min(c.score), count(*),
             group_concat(CASE WHEN c.score > 0 THEN c.actor || ' (' || c.position || ')' END,
                          ', '),
             group_concat(CASE WHEN c.score = 0 THEN c.actor END, ', '),
             group_concat(CASE WHEN c.score < 0 THEN c.actor || ' (' || c.position || ')' END,
                          ', ')
      FROM report_parameters p
      CROSS JOIN (SELECT plan_id, provision_id, actor, position, score FROM current_stances
                  ORDER BY plan_id, provision_id, actor) c
      WHERE p.as_of IS NOT NULL
      GROUP BY c.plan_id, c.provision_id) g
JOIN plans pl ON pl.id = g.plan_id
LEFT JOIN provisions pv ON pv.id = g.provision_id
ORDER BY g.spread DESC, g.actors DESC, pl.key, g.provision_id <> 0, pv.point IS NULL,
         pv.point_order, pv.key;
