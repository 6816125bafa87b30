-- Disclosure control, defined once: a published cell (gemeente, segment, jaar, ...) holding a count of
-- people of 1-4 is 'klein'. Every pub_* view gives such a cell the fixed value 3 instead of its own, so a
-- total, a difference of two selections or a rate built from cells never depends on a hidden count, and
-- cannot give it back (README: Privacy). Queries read counts of people only from pub_* views.
CREATE OR REPLACE MACRO klein(n) AS coalesce(n BETWEEN 1 AND 4, false);
CREATE OR REPLACE MACRO verborgen_waarde() AS 3;
CREATE OR REPLACE MACRO gepubliceerd(n) AS CASE WHEN klein(n) THEN verborgen_waarde() ELSE n END;
-- A count of distinct people per gemeente, built from its cells: those in cells of at least 5, plus the fixed
-- value per hidden cell. Made of hidden cells only, it keeps its own value when that is 1-4 (shown as "<5"
-- like any small count), instead of adding up to a figure larger than the real one.
CREATE OR REPLACE MACRO gepubliceerd_uniek(zichtbaar, verborgen_cellen, echt) AS
    CASE WHEN zichtbaar = 0 AND echt BETWEEN 1 AND 4 THEN echt
         ELSE zichtbaar + verborgen_waarde() * verborgen_cellen END;
