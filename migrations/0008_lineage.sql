-- provtrack schema, level 8: plans evolve.
--
-- Plans: a `superseded` status (the CHECK is widened by a rebuild before this file
-- runs, see migrate.rs), how much of the text is known (`text_known`: full, partial or
-- summary; plans recorded before this level keep meaning what they meant, `full`), and
-- relations between plans (`plan_relations`: a plan responds to, or supersedes, another).
--
-- Provisions: the point is a label as written ('21', '21a', '21(d)'), no longer unique
-- in its plan, ordered naturally by `point_order` (2 < 10 < 21 < 21a < 21b); and a
-- provision may continue several earlier ones (`provision_links`), each link with its
-- relation and its basis: the source that says so, or NULL for `editorial` (the
-- analyst's own reading). The single link a provision had before this level becomes
-- one row of provision_links with basis editorial: nothing recorded which source said
-- so. The table is rebuilt (a column changes type, a UNIQUE and two columns go); every
-- row keeps its id, and its history.

-- Plans ------------------------------------------------------------------------------

PRAGMA ignore_check_constraints = ON;
ALTER TABLE plans ADD COLUMN text_known TEXT NOT NULL DEFAULT 'full'
    CHECK (text_known IN ('full', 'partial', 'summary'));
PRAGMA ignore_check_constraints = OFF;

DROP TRIGGER plans_history_update;
DROP TRIGGER plans_history_delete;
CREATE TRIGGER plans_history_update AFTER UPDATE ON plans
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('plans', OLD.id, OLD.key, 'update', json_object('id', OLD.id, 'key', OLD.key, 'title', OLD.title, 'status', OLD.status, 'first_reported_on', OLD.first_reported_on, 'first_reported_precision', OLD.first_reported_precision, 'text_known', OLD.text_known, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER plans_history_delete AFTER DELETE ON plans
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('plans', OLD.id, OLD.key, 'delete', json_object('id', OLD.id, 'key', OLD.key, 'title', OLD.title, 'status', OLD.status, 'first_reported_on', OLD.first_reported_on, 'first_reported_precision', OLD.first_reported_precision, 'text_known', OLD.text_known, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;

-- A plan responds to (answers, point by point or as a whole) or supersedes (replaces)
-- another plan.
CREATE TABLE plan_relations (
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    relation      TEXT NOT NULL CHECK (relation IN ('responds-to', 'supersedes')),
    other_plan_id INTEGER NOT NULL REFERENCES plans (id),
    PRIMARY KEY (plan_id, relation, other_plan_id),
    CHECK (plan_id <> other_plan_id)
) STRICT;
CREATE INDEX plan_relations_other ON plan_relations (other_plan_id);

CREATE TRIGGER plan_relations_history_update AFTER UPDATE ON plan_relations
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('plan_relations', OLD.plan_id,
            coalesce((SELECT key FROM plans WHERE id = OLD.plan_id), OLD.plan_id), 'update',
            json_object('plan_id', OLD.plan_id, 'relation', OLD.relation, 'other_plan_id', OLD.other_plan_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER plan_relations_history_delete AFTER DELETE ON plan_relations
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('plan_relations', OLD.plan_id,
            coalesce((SELECT key FROM plans WHERE id = OLD.plan_id), OLD.plan_id), 'delete',
            json_object('plan_id', OLD.plan_id, 'relation', OLD.relation, 'other_plan_id', OLD.other_plan_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;

-- Provisions -------------------------------------------------------------------------

DROP VIEW report_plan_diff;
DROP VIEW plan_diff_pairs;

CREATE TEMP TABLE provision_sequence AS
SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'provisions'), 0) AS seq;
CREATE TEMP TABLE provision_old_links AS
SELECT id, continues_id, relation FROM provisions WHERE continues_id IS NOT NULL;

CREATE TABLE provisions_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT NOT NULL UNIQUE,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    point       TEXT CHECK (point IS NULL OR (length(point) BETWEEN 1 AND 20
                                              AND point NOT GLOB '*[^0-9A-Za-z().-]*')),
    -- The natural order of labels: the leading number padded, then the rest in lower
    -- case without brackets ('2' < '10' < '21' < '21a' < '21b' < '21(c)' < '21d');
    -- a label without a leading number after all of them.
    point_order TEXT GENERATED ALWAYS AS (
                    CASE WHEN point IS NULL THEN NULL
                         WHEN point GLOB '[0-9]*'
                         THEN printf('%012d', CAST(substr(point, 1, 12) AS INTEGER))
                              || lower(replace(replace(ltrim(point, '0123456789'), '(', ''),
                                               ')', ''))
                         ELSE '~' || lower(point) END) VIRTUAL,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    text        TEXT CHECK (text IS NULL OR length(text) <= 10000),
    category    TEXT NOT NULL REFERENCES categories (key),
    notes       TEXT CHECK (notes IS NULL OR length(notes) <= 10000)
) STRICT;

PRAGMA ignore_check_constraints = ON;
INSERT INTO provisions_new (id, key, plan_id, point, title, text, category, notes)
SELECT id, key, plan_id, CAST(point AS TEXT), title, text, category, notes FROM provisions;
PRAGMA ignore_check_constraints = OFF;

DROP TABLE provisions;
PRAGMA legacy_alter_table = ON;
ALTER TABLE provisions_new RENAME TO provisions;
PRAGMA legacy_alter_table = OFF;
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM temp.provision_sequence))
WHERE name = 'provisions';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'provisions', seq FROM temp.provision_sequence
WHERE seq > 0 AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'provisions');
DROP TABLE temp.provision_sequence;

CREATE INDEX provisions_category ON provisions (category);
CREATE INDEX provisions_plan ON provisions (plan_id);

CREATE TRIGGER provisions_history_update AFTER UPDATE ON provisions
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('provisions', OLD.id, OLD.key, 'update', json_object('id', OLD.id, 'key', OLD.key, 'plan_id', OLD.plan_id, 'point', OLD.point, 'title', OLD.title, 'text', OLD.text, 'category', OLD.category, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER provisions_history_delete AFTER DELETE ON provisions
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('provisions', OLD.id, OLD.key, 'delete', json_object('id', OLD.id, 'key', OLD.key, 'plan_id', OLD.plan_id, 'point', OLD.point, 'title', OLD.title, 'text', OLD.text, 'category', OLD.category, 'notes', OLD.notes),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
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
CREATE TRIGGER provisions_search_records_insert AFTER INSERT ON provisions
BEGIN
    INSERT INTO search_records (id, kind, provision_id) VALUES (NEW.id * 4 + 1, 'provision', NEW.id);
END;
CREATE TRIGGER provisions_search_records_delete AFTER DELETE ON provisions
BEGIN
    DELETE FROM search_records WHERE id = OLD.id * 4 + 1;
END;

-- Lineage: provision_id continues continues_id (of an earlier plan), as `relation`
-- says, on the word of basis_source_id (NULL: editorial, the analyst's own reading).
CREATE TABLE provision_links (
    provision_id    INTEGER NOT NULL REFERENCES provisions (id),
    continues_id    INTEGER NOT NULL REFERENCES provisions (id),
    relation        TEXT NOT NULL CHECK (relation IN ('same', 'modified', 'merged', 'split')),
    basis_source_id INTEGER REFERENCES sources (id),
    PRIMARY KEY (provision_id, continues_id),
    CHECK (provision_id <> continues_id)
) STRICT;
CREATE INDEX provision_links_continues ON provision_links (continues_id);
CREATE INDEX provision_links_basis ON provision_links (basis_source_id)
    WHERE basis_source_id IS NOT NULL;

INSERT INTO provision_links (provision_id, continues_id, relation, basis_source_id)
SELECT id, continues_id, relation, NULL FROM temp.provision_old_links ORDER BY id;
DROP TABLE temp.provision_old_links;

CREATE TRIGGER provision_links_history_update AFTER UPDATE ON provision_links
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('provision_links', OLD.provision_id,
            coalesce((SELECT key FROM provisions WHERE id = OLD.provision_id), OLD.provision_id), 'update',
            json_object('provision_id', OLD.provision_id, 'continues_id', OLD.continues_id, 'relation', OLD.relation, 'basis_source_id', OLD.basis_source_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER provision_links_history_delete AFTER DELETE ON provision_links
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('provision_links', OLD.provision_id,
            coalesce((SELECT key FROM provisions WHERE id = OLD.provision_id), OLD.provision_id), 'delete',
            json_object('provision_id', OLD.provision_id, 'continues_id', OLD.continues_id, 'relation', OLD.relation, 'basis_source_id', OLD.basis_source_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;

-- Plan-diff -------------------------------------------------------------------------

-- The pairs of plans that lineage links, the earlier plan first.
CREATE VIEW plan_diff_pairs AS
SELECT DISTINCT a.plan_id AS plan_a_id, b.plan_id AS plan_b_id
FROM provision_links l
JOIN provisions b ON b.id = l.provision_id
JOIN provisions a ON a.id = l.continues_id
WHERE a.plan_id <> b.plan_id;

-- report plan-diff: every lineage link from a provision of plan A to one of plan B
-- (kept, modified, merged, split; several rows for a provision of B that merges several
-- of A), each with its basis; `added` for a provision of B that continues none of A; and
-- for a provision of A that none of B continues, `dropped` when B's text is known in
-- full, otherwise `not reported`.
CREATE VIEW report_plan_diff AS
SELECT plan_a, plan_b, change, provision_a, point_a, title_a, text_a,
       provision_b, point_b, title_b, text_b, basis
FROM (SELECT pa.key AS plan_a, pb.key AS plan_b,
             CASE WHEN l.relation = 'same' THEN 'kept' ELSE l.relation END AS change,
             a.key AS provision_a, a.point AS point_a, a.point_order AS order_a,
             a.title AS title_a, a.text AS text_a,
             b.key AS provision_b, b.point AS point_b, b.point_order AS order_b,
             b.title AS title_b, b.text AS text_b,
             coalesce(bs.key, 'editorial') AS basis
      FROM plan_diff_pairs pr
      JOIN plans pa ON pa.id = pr.plan_a_id
      JOIN plans pb ON pb.id = pr.plan_b_id
      JOIN provisions b ON b.plan_id = pr.plan_b_id
      JOIN provision_links l ON l.provision_id = b.id
      JOIN provisions a ON a.id = l.continues_id AND a.plan_id = pr.plan_a_id
      LEFT JOIN sources bs ON bs.id = l.basis_source_id
      UNION ALL
      SELECT pa.key, pb.key, 'added', NULL, NULL, NULL, NULL, NULL,
             b.key, b.point, b.point_order, b.title, b.text, NULL
      FROM plan_diff_pairs pr
      JOIN plans pa ON pa.id = pr.plan_a_id
      JOIN plans pb ON pb.id = pr.plan_b_id
      JOIN provisions b ON b.plan_id = pr.plan_b_id
      WHERE NOT EXISTS (SELECT 1 FROM provision_links l JOIN provisions a ON a.id = l.continues_id
                        WHERE l.provision_id = b.id AND a.plan_id = pr.plan_a_id)
      UNION ALL
      SELECT pa.key, pb.key,
             CASE WHEN pb.text_known = 'full' THEN 'dropped' ELSE 'not reported' END,
             a.key, a.point, a.point_order, a.title, a.text,
             NULL, NULL, NULL, NULL, NULL, NULL
      FROM plan_diff_pairs pr
      JOIN plans pa ON pa.id = pr.plan_a_id
      JOIN plans pb ON pb.id = pr.plan_b_id
      JOIN provisions a ON a.plan_id = pr.plan_a_id
      WHERE NOT EXISTS (SELECT 1 FROM provision_links l JOIN provisions b ON b.id = l.provision_id
                        WHERE l.continues_id = a.id AND b.plan_id = pr.plan_b_id))
ORDER BY plan_a, plan_b, provision_b IS NULL, order_b IS NULL, order_b, provision_b,
         order_a IS NULL, order_a, provision_a;

-- report versions: the family of a plan (every plan that relations connect to it, in
-- either direction), in date order, with what each answers and replaces and what
-- answers and replaces it. Without a plan, every plan.
CREATE VIEW report_versions AS
SELECT pl.key AS plan,
       CASE pl.first_reported_precision WHEN 'year' THEN substr(pl.first_reported_on, 1, 4)
            WHEN 'month' THEN substr(pl.first_reported_on, 1, 7)
            ELSE pl.first_reported_on END AS first_reported_on,
       pl.status, pl.text_known,
       (SELECT group_concat(key, ', ') FROM (SELECT o.key FROM plan_relations r
         JOIN plans o ON o.id = r.other_plan_id
         WHERE r.plan_id = pl.id AND r.relation = 'responds-to' ORDER BY o.key)) AS responds_to,
       (SELECT group_concat(key, ', ') FROM (SELECT o.key FROM plan_relations r
         JOIN plans o ON o.id = r.other_plan_id
         WHERE r.plan_id = pl.id AND r.relation = 'supersedes' ORDER BY o.key)) AS supersedes,
       (SELECT group_concat(key, ', ') FROM (SELECT o.key FROM plan_relations r
         JOIN plans o ON o.id = r.plan_id
         WHERE r.other_plan_id = pl.id AND r.relation = 'responds-to' ORDER BY o.key))
           AS answered_by,
       (SELECT group_concat(key, ', ') FROM (SELECT o.key FROM plan_relations r
         JOIN plans o ON o.id = r.plan_id
         WHERE r.other_plan_id = pl.id AND r.relation = 'supersedes' ORDER BY o.key))
           AS superseded_by,
       (SELECT count(*) FROM provisions pv WHERE pv.plan_id = pl.id) AS provisions,
       pl.title
FROM report_parameters p
CROSS JOIN plans pl
WHERE p.plan_id IS NULL
   OR pl.id IN (WITH RECURSIVE family (id) AS (
                    SELECT plan_id FROM report_parameters
                    UNION
                    SELECT CASE WHEN r.plan_id = f.id THEN r.other_plan_id ELSE r.plan_id END
                    FROM plan_relations r JOIN family f
                      ON r.plan_id = f.id OR r.other_plan_id = f.id)
                SELECT id FROM family)
ORDER BY pl.first_reported_on IS NULL, pl.first_reported_on, pl.key;

-- Point order in the reports that list provisions by point.
DROP VIEW report_matrix;
CREATE VIEW report_matrix AS
SELECT m.plan, m.actor, m.role, m.provision, m.point, m.position, m.stated_on,
       m.stated_inferred, m.source
FROM (SELECT c.plan, c.actor, c.provision, c.provision_id, c.point, c.position,
             c.stated AS stated_on, c.stated_inferred, c.source, a.parent_id,
             coalesce(parent.key, a.key) AS family,
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
         m.provision_id <> 0, m.point IS NULL,
         (SELECT o.point_order FROM provisions o WHERE o.id = m.provision_id), m.provision;

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
      FROM (SELECT plan_id, provision_id, actor, position, score FROM current_stances
            ORDER BY plan_id, provision_id, actor) c
      GROUP BY c.plan_id, c.provision_id) g
JOIN plans pl ON pl.id = g.plan_id
LEFT JOIN provisions pv ON pv.id = g.provision_id
ORDER BY g.spread DESC, g.actors DESC, pl.key, g.provision_id <> 0, pv.point IS NULL,
         pv.point_order, pv.key;

DROP VIEW report_coverage;
CREATE VIEW report_coverage AS
SELECT plan, subject, key, gap, stances, source
FROM (SELECT n.plan, 'provision' AS subject, n.key, n.point,
             CASE WHEN n.stances = 0 THEN 'no stance' ELSE 'single source' END AS gap,
             n.stances, n.source
      FROM (SELECT pl.key AS plan, pv.key AS key, pv.point_order AS point,
                   (SELECT count(*) FROM known_stances k
                    WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                      AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
                       AS stances,
                   (SELECT min(k.source) FROM known_stances k
                    WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                      AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
                       AS source
            FROM report_parameters p
            CROSS JOIN provisions pv
            JOIN plans pl ON pl.id = pv.plan_id
            WHERE (p.plan_id IS NULL OR pv.plan_id = p.plan_id)
              AND (p.category IS NULL OR pv.category = p.category)
              AND (p.as_of IS NULL OR pl.first_reported_on IS NULL
                   OR pl.first_reported_on <= p.as_of)
              AND NOT EXISTS (
                  SELECT 1 FROM known_stances k
                  WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                    AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position')
                    AND k.origin_id <> (SELECT f.origin_id FROM known_stances f
                                        WHERE f.plan_id = pv.plan_id
                                          AND f.provision_id = pv.id
                                          AND f.status = 'active'
                                          AND f.kind = coalesce(p.kind, 'position')
                                        LIMIT 1))) n
      UNION ALL
      SELECT pl.key, 'actor', a.key, NULL, 'no stance on its own plan', 0, NULL
      FROM report_parameters p
      CROSS JOIN plan_proposers pp
      JOIN plans pl ON pl.id = pp.plan_id
      JOIN actors a ON a.id = pp.actor_id
      WHERE NOT EXISTS (SELECT 1 FROM known_stances k
                        WHERE k.actor_id = pp.actor_id AND k.plan_id = pp.plan_id
                          AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
        AND (p.plan_id IS NULL OR pp.plan_id = p.plan_id)
        AND (p.actor_id IS NULL OR pp.actor_id = p.actor_id)
        AND (p.as_of IS NULL OR pl.first_reported_on IS NULL OR pl.first_reported_on <= p.as_of))
ORDER BY plan, subject DESC, point IS NULL, point, key;
