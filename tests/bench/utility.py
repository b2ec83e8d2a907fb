#!/usr/bin/env python3
"""utility.py BASE TOKEN FROM TO - how far the published statistics lie from
the truth (issue 20): the ministry's GET /v1/statistics by month against the
true counts of cases.opened (total, target group, gender, nationality,
residence status) per network and for the state, counted in the database
($LOTSE_SUPER_URL, which only the operator has).  Prints the number of
cells, the mean absolute deviation (all cells; cells with a true count of
1 to 4; cells above 0), the share published unchanged, and the relative
error of the totals above 100."""
import json
import os
import subprocess
import sys
import urllib.request

base, token, frm, to = sys.argv[1:5]
req = urllib.request.Request(f"{base}/v1/statistics?from={frm}&to={to}&granularity=month",
                             headers={"Authorization": f"Bearer {token}"})
rows = json.load(urllib.request.urlopen(req, timeout=600))["rows"]
published = {(r["network"], r["period"], r["breakdown"], r["value"]): r["count"]
             for r in rows if r["indicator"] == "cases.opened"}

NAT = "'SY','UA','AF','TR','IQ','RO','BG','PL','ER','IR'"
dims = {"total": "''", "target_group": "c.target_group",
        "gender": "coalesce(c.gender, 'unknown')",
        "residence_status": "coalesce(c.residence_status, 'unknown')",
        "nationality": f"CASE WHEN c.nationality IS NULL THEN 'unknown' WHEN c.nationality IN ({NAT}) "
                       "THEN c.nationality ELSE 'other' END"}
parts = []
for dim, expr in dims.items():
    parts.append(f"SELECT n.code, to_char(c.created_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM'), '{dim}', "
                 f"{expr}, count(*) FROM cases c JOIN networks n ON n.id = c.network_id "
                 f"WHERE lotse_day(c.created_at) BETWEEN '{frm}' AND '{to}' GROUP BY 1, 2, 3, 4")
sql = " UNION ALL ".join(parts)
out = subprocess.run(["psql", os.environ["LOTSE_SUPER_URL"], "-At", "-F", "|", "-c", sql],
                     check=True, capture_output=True, text=True).stdout
truth = {}
for line in out.splitlines():
    code, period, dim, value, n = line.split("|")
    truth[(code, period, dim, value)] = int(n)
    state = ("NW", period, dim, value)
    truth[state] = truth.get(state, 0) + int(n)

cells = [(truth.get(k, 0), v) for k, v in published.items() if k[2] in dims]
missing = [k for k in truth if k not in published]
if missing:
    sys.exit(f"utility: {len(missing)} true cells without a published row, e.g. {missing[0]}")


def mad(pairs):
    return sum(abs(p - t) for t, p in pairs) / len(pairs) if pairs else float("nan")


small = [c for c in cells if 1 <= c[0] <= 4]
nonzero = [c for c in cells if c[0] > 0]
totals = [(t, p) for (k, p) in published.items() for t in [truth.get(k, 0)] if k[2] == "total" and t > 100]
rel = [abs(p - t) / t for t, p in totals]
print(f"   utility: {len(cells)} cells of cases.opened (networks and NW, one year by month), "
      f"{len(nonzero)} above 0, {len(small)} with 1-4")
print(f"   utility: mean absolute deviation {mad(cells):.3f} (all cells), {mad(nonzero):.3f} (above 0), "
      f"{mad(small):.3f} (true 1-4); published unchanged: {sum(1 for t, p in nonzero if t == p) / max(len(nonzero), 1):.1%} of those above 0")
if rel:
    print(f"   utility: {len(rel)} totals above 100: relative error mean {sum(rel) / len(rel):.4%}, "
          f"max {max(rel):.4%}")
