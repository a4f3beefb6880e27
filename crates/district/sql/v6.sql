-- 全区共享, version 6: the union's own period. A union whose working year is not the calendar
-- year (December to November, say) asks for it here; each station, at its next sync, sends its
-- report of every period asked (figures only, as for its years), and the union reads them
-- beside the stations still to send.

CREATE TABLE report_periods (
    period_from date NOT NULL,
    period_to   date NOT NULL,
    asked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (period_from, period_to),
    CHECK (period_from <= period_to AND period_to - period_from <= 731)
);
REVOKE ALL ON report_periods FROM PUBLIC;
GRANT SELECT (period_from, period_to, asked_at) ON report_periods TO hn_station;

-- The union asks (or asks again: the latest asked are those the stations send) through this
-- function only, so it never writes a time of its own choosing nor removes a period.
CREATE FUNCTION public.ask_report_period(asked_from date, asked_to date) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ INSERT INTO public.report_periods (period_from, period_to)
          VALUES (asked_from, asked_to)
          ON CONFLICT (period_from, period_to) DO UPDATE SET asked_at = now() $$;
REVOKE ALL ON FUNCTION public.ask_report_period(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.ask_report_period(date, date) TO hn_union;

-- The stations the union waits for: code, name and last sync, nothing else.
CREATE VIEW report_stations AS
    SELECT code, name, last_sync FROM public.stations WHERE removed_at IS NULL;
REVOKE ALL ON report_stations FROM PUBLIC;
GRANT SELECT ON report_stations TO hn_union;
