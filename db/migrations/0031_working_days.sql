-- Deadlines in working days (issue 22): an agreement states whether its
-- response time counts calendar days or working days; working days skip
-- Saturdays, Sundays and the public holidays of North Rhine-Westphalia
-- (Feiertagsgesetz NW § 2: New Year, Good Friday, Easter Monday, 1 May,
-- Ascension, Whit Monday, Corpus Christi, 3 October, All Saints, 25 and 26
-- December), computed, the movable ones from the Gregorian Easter date.
ALTER TABLE agreements ADD COLUMN response_day_kind text NOT NULL DEFAULT 'calendar'
  CHECK (response_day_kind IN ('calendar', 'working'));
INSERT INTO data_map VALUES ('agreements', 'response_day_kind', 'none', 'none', 'keep', NULL, NULL, true);

-- Easter Sunday of year y (Gregorian; the anonymous algorithm of 1876).
CREATE FUNCTION lotse_easter(y integer) RETURNS date
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  a integer := y % 19;
  b integer := y / 100;
  c integer := y % 100;
  h integer := (19 * a + b - b / 4 - (b - (b + 8) / 25 + 1) / 3 + 15) % 30;
  l integer := (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7;
  m integer := (a + 11 * h + 22 * l) / 451;
BEGIN
  RETURN make_date(y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1);
END $$;

-- Whether d is a public holiday in North Rhine-Westphalia.
CREATE FUNCTION lotse_nrw_holiday(d date) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char(d, 'MM-DD') IN ('01-01', '05-01', '10-03', '11-01', '12-25', '12-26')
      OR d - lotse_easter(extract(year FROM d)::integer) IN (-2, 1, 39, 50, 60)
$$;

-- t plus n working days (Monday to Friday, not a holiday in NRW), at the
-- same local time (Europe/Berlin) as t: the n-th working day after t's day.
CREATE FUNCTION lotse_working_days_after(t timestamptz, n integer) RETURNS timestamptz
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  local timestamp := t AT TIME ZONE 'Europe/Berlin';
  d date := local::date;
  left_ integer := n;
BEGIN
  WHILE left_ > 0 LOOP
    d := d + 1;
    IF extract(isodow FROM d) < 6 AND NOT lotse_nrw_holiday(d) THEN
      left_ := left_ - 1;
    END IF;
  END LOOP;
  RETURN (d + local::time) AT TIME ZONE 'Europe/Berlin';
END $$;
GRANT EXECUTE ON FUNCTION lotse_easter(integer), lotse_nrw_holiday(date),
  lotse_working_days_after(timestamptz, integer) TO lotse_app;
