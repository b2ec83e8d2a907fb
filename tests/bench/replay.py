#!/usr/bin/python3
"""replay.py - turns the statements one request ran (from PostgreSQL's log
with log_statement = 'all') into a pgbench script running the same SQL with
the same parameters, in the same transaction shape; the case id becomes a
random one of the 100,000 seeded cases.

usage: replay.py LOG CASE_ID > script.sql
The log holds the statements of the one request (the caller truncates it
before the request); statements of other backends (the webhook worker) are
left out."""
import re
import sys

log, case_id = sys.argv[1], sys.argv[2]
CASE_EXPR = "('c0000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))"

entries = []  # (sql, params, backend pid)
current = None
for line in open(log, encoding="utf-8", errors="replace"):
    m = re.search(r"\[(\d+)\] LOG:  (?:execute [^:]+|statement): (.*)$", line)
    if m:
        current = [m.group(2).strip(), {}, m.group(1)]
        entries.append(current)
        continue
    m = re.search(r"DETAIL:  parameters: (.*)$", line)
    if m and current is not None:
        for k, v in re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", m.group(1)):
            current[1][int(k)] = v
        continue
    if current is not None and line.startswith(("\t", " ")) and "LOG:" not in line:
        current[0] += " " + line.strip()

# only the request's backend: the webhook worker of the same lotse polls too
# (its context names the actor 'webhooks')
pid = next(p for sql, params, p in entries
           if sql.startswith("SELECT set_config('lotse.network_id'") and params.get(3) != "'webhooks'")
entries = [e for e in entries if e[2] == pid]

out = ["\\set n random(1, 100000)"]
for sql, params, _ in entries:
    if sql.startswith("SELECT 1") or "pg_catalog" in sql:
        continue
    for k in sorted(params, reverse=True):
        v = params[k]
        if v == "'%s'" % case_id:
            v = CASE_EXPR
        elif ":" in v:  # pgbench would read ':name' inside a literal as a variable
            v = "(" + v.replace(":", "' || chr(58) || '") + ")"
        sql = re.sub(r"\$%d(?!\d)" % k, lambda _: v, sql)
    out.append(sql.rstrip(";") + ";")
# a request without BEGIN ran as one pipeline in one implicit transaction
if not any(line.upper().startswith("BEGIN") for line in out[1:]):
    out = [out[0], "\\startpipeline"] + out[1:] + ["\\endpipeline"]
print("\n".join(out))
