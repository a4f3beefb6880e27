-- 全区共享, version 5: the district kept by the program (`hongniang district server …`).
-- Each station's row says when it was added, when it last synced (for `status`) and, once
-- taken out, when: its role can no longer log in, its profiles are withdrawn and its open
-- requests closed, and its history stays for the district's figures. The union's logins are
-- named here too.

ALTER TABLE stations
    ADD COLUMN added_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_sync timestamptz,
    ADD COLUMN removed_at timestamptz;

-- A station tells the district it has synced; it changes nothing else.
CREATE FUNCTION public.station_synced() RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ UPDATE public.stations SET last_sync = now() WHERE role = session_user $$;
REVOKE ALL ON FUNCTION public.station_synced() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.station_synced() TO hn_station;

CREATE TABLE unions (
    name     text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 60),
    role     name NOT NULL UNIQUE,
    added_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON unions FROM PUBLIC;

-- Each station's yearly report (年度工作报告): figures only, no person, sent with the sync for
-- this year and the last; the station writes its own rows, the union reads them all.
CREATE TABLE station_reports (
    station     text NOT NULL REFERENCES stations (code),
    period_from date NOT NULL,
    period_to   date NOT NULL,
    report      jsonb NOT NULL CHECK (
        jsonb_typeof(report) = 'object' AND octet_length(report::text) <= 16384),
    sent_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station, period_from, period_to),
    CHECK (period_from <= period_to)
);
REVOKE ALL ON station_reports FROM PUBLIC;
ALTER TABLE station_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY reports_own ON station_reports FOR ALL TO hn_station
    USING (station = public.current_station())
    WITH CHECK (station = public.current_station());
CREATE POLICY reports_union ON station_reports FOR SELECT TO hn_union USING (true);
GRANT SELECT, INSERT, UPDATE ON station_reports TO hn_station;
GRANT SELECT ON station_reports TO hn_union;
