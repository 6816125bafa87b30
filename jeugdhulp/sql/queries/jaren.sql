-- One row per jaar the region has figures for: the years the filter bar's slider offers.
-- Spend (begroting or realisatie) and uploaded volumes count in every year they hold. Youths counted from
-- trajecten count only from the first year with spend or uploaded volumes on: a trajecten file that begins in
-- some year lacks the help that started before it, so its first years undercount (in the example data 2017
-- shows about half the residential youths of 2019), but never more than their first two years: real spend loaded
-- for a later year only (which takes the example spend away) must not take the trajecten years with it. A region
-- with trajecten only keeps all their years.
WITH facts AS (
    SELECT jaar FROM mart_uitgaven_gemeente_jaar WHERE regio_code = $regio
    UNION
    SELECT jaar FROM stg_volumes WHERE regio_code = $regio AND periode = 'jaar'
),
derived AS (
    SELECT DISTINCT t.jaar
    FROM mart_trajecten_segment_jaar AS t
    JOIN gemeente AS g USING (gemeente_code)
    WHERE g.regio_code = $regio
)
SELECT jaar FROM facts
UNION
SELECT jaar FROM derived
WHERE jaar >= CASE WHEN (SELECT count(*) FROM facts) = 0 THEN (SELECT min(jaar) FROM derived)
                   ELSE least((SELECT min(jaar) FROM facts), (SELECT min(jaar) FROM derived) + 2) END
ORDER BY jaar;
