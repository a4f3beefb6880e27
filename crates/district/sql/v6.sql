-- 全区共享, version 6: the union's own period. A union whose working year is not the calendar
-- year (December to November, say) asks for it here; each station, at its next sync, sends its
-- report of every period asked (figures only, as for its years), and the union reads them
-- beside the stations still to send.

CREATE TABLE report_periods (
    period_from date NOT NULL,
    period_to   date NOT NULL,
    asked_by    name NOT NULL DEFAULT session_user,
    asked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (period_from, period_to),
    CHECK (period_from <= period_to AND period_to - period_from <= 731)
);
REVOKE ALL ON report_periods FROM PUBLIC;
GRANT SELECT ON report_periods TO hn_station;
GRANT SELECT, INSERT ON report_periods TO hn_union;

-- The stations the union waits for: code, name and last sync, nothing else.
CREATE VIEW report_stations AS
    SELECT code, name, last_sync FROM public.stations WHERE removed_at IS NULL;
REVOKE ALL ON report_stations FROM PUBLIC;
GRANT SELECT ON report_stations TO hn_union;
