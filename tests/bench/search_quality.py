#!/usr/bin/env python3
"""search_quality.py - `make bench-search` (issue 22): how well the person
search finds a person spelled as a caseworker would spell them.

Data (deterministic, seed 22): SEARCH_PEOPLE people (default 10,000) led by
the demo Jobcenter, each a first name and a last name drawn from German,
Arabic, Persian, Turkish and Ukrainian names and a birth date from 1950 to
2005.  Every name belongs to a group of spellings of one name (Mohammed,
Muhammad, Mohamed, Mohammad; Müller, Mueller, Muller; Schewtschenko,
Shevchenko); the person is registered under the group's first spelling.

Queries: SEARCH_QUERIES people drawn at random, each searched for once with
its birth year and one of: another spelling of the first or last name (or
both), umlauts and ß written out or dropped, first and last name swapped,
or one typo in the last name (a letter replaced, dropped or two swapped).

Prints recall@1 and recall@5 (the true person among the first 1 / 5
results) per kind of query and overall, and the latency of the searches
(over all cases of the database: SEARCH_SCALE adds others before).  Then,
for the timing of cases a caller does not see: the median of 200 searches by
Caritas for a name no one has, before and after the Jobcenter registers
1,000 people of that name and birth year (which Caritas does not see).
Needs DATABASE_URL-free bench set-up from tests/bench/common.sh (run through
`make bench-search`): LOTSE_SUPER_URL, BASE, TOKEN (Jobcenter) and
CARITAS_TOKEN in the environment.
"""
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
import urllib.request

FIRST = [
    ["Mohammed", "Muhammad", "Mohamed", "Mohammad"], ["Ahmed", "Ahmad", "Achmed"],
    ["Yusuf", "Youssef", "Jusuf", "Yousef"], ["Hussein", "Hussain", "Husain"], ["Fatima", "Fatma"],
    ["Aisha", "Aischa", "Ayesha"], ["Omar", "Umar"], ["Khaled", "Khalid", "Chalid"], ["Mustafa", "Mostafa"],
    ["Ali"], ["Hassan", "Hasan"], ["Ibrahim", "Ebrahim"], ["Mariam", "Maryam", "Miriam"], ["Zainab", "Zeynab", "Sainab"],
    ["Oleksandr", "Aleksandr", "Alexander"], ["Olena", "Elena", "Jelena"], ["Serhii", "Sergej", "Sergii"],
    ["Iryna", "Irina"], ["Mykola", "Nikolai", "Nikolaj"], ["Tetiana", "Tatjana", "Tatiana"],
    ["Jürgen", "Juergen", "Jurgen"], ["Jörg", "Joerg", "Jorg"], ["Günther", "Guenther", "Gunther"],
    ["Sören", "Soeren"], ["Käthe", "Kaethe"], ["Björn", "Bjoern"], ["Anna"], ["Lukas", "Lucas"],
    ["Sophie", "Sofie"], ["Maximilian"], ["Emine"], ["Ayşe", "Ayse", "Aysche"], ["Mehmet", "Mehmed"],
    ["Reza", "Resa"], ["Hossein", "Hosein"], ["Farid"], ["Leila", "Leyla", "Laila"], ["Nour", "Nur"],
]
LAST = [
    ["Müller", "Mueller", "Muller"], ["Schröder", "Schroeder", "Schroder"], ["Köhler", "Koehler", "Kohler"],
    ["Weiß", "Weiss"], ["Groß", "Gross"], ["Bäcker", "Baecker"], ["Schmidt", "Schmitt"], ["Meyer", "Meier", "Maier"],
    ["Fischer"], ["Wagner"], ["Hoffmann", "Hofmann"], ["Krämer", "Kraemer"],
    ["Karimi", "Karimy"], ["Ahmadi", "Achmadi"], ["Haddad"], ["Nasser", "Nassar", "Naser"], ["Rahimi"],
    ["Hosseini", "Husseini", "Hoseini"], ["Al-Hassan", "Alhassan", "El-Hassan"], ["Abdullah", "Abdallah"],
    ["Mahmoud", "Mahmud", "Machmud"], ["Yilmaz", "Yılmaz"], ["Öztürk", "Oeztuerk", "Ozturk"],
    ["Çelik", "Celik", "Tschelik"], ["Şahin", "Sahin", "Schahin"], ["Kaya"], ["Demir"],
    ["Kovalenko", "Kowalenko"], ["Shevchenko", "Schewtschenko", "Ševčenko"], ["Tkachenko", "Tkatschenko"],
    ["Bondarenko"], ["Melnyk", "Melnik"], ["Kravchenko", "Krawtschenko"], ["Popescu"], ["Ionescu"],
    ["Haidari", "Heidari", "Haydari"], ["Sultani"], ["Noori", "Nuri"], ["Jafari", "Dschafari", "Jaafari"],
]
PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"})


def typo(word, rnd):
    i = rnd.randrange(1, len(word) - 1)
    kind = rnd.choice(["replace", "drop", "swap"])
    if kind == "replace":
        return word[:i] + rnd.choice("aeiounrstlm") + word[i + 1:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def umlauts(word, rnd):
    if rnd.random() < 0.5:
        word = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    else:
        word = word.translate(PLAIN)
    return word.replace("ß", "ss")


def query_for(first_group, last_group, rnd):
    kinds = ["spelling", "umlauts", "swapped", "typo"]
    kind = rnd.choice(kinds)
    first, last = first_group[0], last_group[0]
    if kind == "spelling":
        if len(first_group) == 1 and len(last_group) == 1:
            kind = "swapped"
        else:
            first = rnd.choice(first_group[1:] or first_group)
            last = rnd.choice(last_group[1:] or last_group)
    if kind == "umlauts":
        first, last = umlauts(first, rnd), umlauts(last, rnd)
    if kind == "typo":
        last = typo(last, rnd) if len(last) >= 5 else typo(first, rnd) if len(first) >= 5 else last
    if kind == "swapped":
        return kind, f"{last} {first}"
    return kind, f"{first} {last}"


def sql(url, text):
    return subprocess.run(["psql", url, "-qAtX", "-v", "ON_ERROR_STOP=1"], input=text, check=True,
                          capture_output=True, text=True).stdout


def search(base, token, params):
    """The items of a person search with params, and the seconds it took."""
    req = urllib.request.Request(f"{base}/v1/person-search?{urllib.parse.urlencode(params)}",
                                 headers={"Authorization": f"Bearer {token}"})
    t = time.perf_counter()
    with urllib.request.urlopen(req) as resp:
        items = json.load(resp)["items"]
    return items, time.perf_counter() - t


def invisible_cost(super_url, base, token):
    """Medians (ms) of 200 searches for one name by the caller of token, with and without the
    year, before and after 1,000 cases of that name and year are registered that its agency
    does not see: [with before, without before, with after, without after]."""
    params = {"name": "Quendolin Zacharias", "birth_year": "1977", "limit": 5}
    plain = {"name": "Quendolin Zacharias", "limit": 5}
    medians = []
    for step in range(2):
        for p in (params, plain):
            times = sorted(search(base, token, p)[1] for _ in range(200))
            medians.append(1000 * times[len(times) // 2])
        if step == 0:
            sql(super_url, "INSERT INTO cases (network_id, reference, lead_agency_id, target_group, first_name, "
                "last_name, birth_date, created_by) SELECT 'a0000000-0000-4000-8000-000000000001', "
                "'RBK-SI-' || i, 'b0000000-0000-4000-8000-000000000003', 'newly_arrived', 'Zacharias', "
                "'Quendolin', date '1977-01-01' + i % 365, 'bench' FROM generate_series(1, 1000) i; "
                "VACUUM ANALYZE cases")
    return medians


def main():
    rnd = random.Random(22)
    people = int(os.environ.get("SEARCH_PEOPLE", "10000"))
    queries = int(os.environ.get("SEARCH_QUERIES", "2000"))
    super_url, base, token = os.environ["LOTSE_SUPER_URL"], os.environ["BASE"], os.environ["TOKEN"]
    rows = []
    for i in range(people):
        f, l = rnd.randrange(len(FIRST)), rnd.randrange(len(LAST))
        born = f"{rnd.randrange(1950, 2006)}-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}"
        rows.append((i + 1, f, l, born))
    values = ",".join(
        "('e0000000-0000-4000-8000-%012d'::uuid, '%s', '%s', '%s'::date)" % (i, FIRST[f][0].replace("'", "''"),
                                                                           LAST[l][0].replace("'", "''"), b)
        for i, f, l, b in rows)
    sql(super_url, "INSERT INTO cases (id, network_id, reference, lead_agency_id, target_group, first_name, "
        "last_name, birth_date, created_by) SELECT v.id, 'a0000000-0000-4000-8000-000000000001', "
        "'RBK-SQ-' || substr(v.id::text, 25), 'b0000000-0000-4000-8000-000000000003', 'newly_arrived', "
        f"v.f, v.l, v.b, 'bench' FROM (VALUES {values}) v(id, f, l, b); VACUUM ANALYZE cases")
    cases = int(sql(super_url, "SELECT count(*) FROM cases"))
    stats, times = {}, []
    for _ in range(queries):
        i, f, l, born = rows[rnd.randrange(people)]
        kind, name = query_for(FIRST[f], LAST[l], rnd)
        items, t = search(base, token, {"name": name, "birth_year": born[:4], "limit": 5})
        times.append(t)
        ids = [x["case_id"] for x in items]
        want = "e0000000-0000-4000-8000-%012d" % i
        s = stats.setdefault(kind, [0, 0, 0])
        s[0] += 1
        s[1] += ids[:1] == [want]
        s[2] += want in ids
    total = [sum(s[k] for s in stats.values()) for k in range(3)]
    print(f"{people} people, {queries} queries (seed 22), each with the birth year")
    print("| query | n | recall@1 | recall@5 |")
    print("|---|---|---|---|")
    for kind, (n, r1, r5) in sorted(stats.items()) + [("all", total)]:
        print(f"| {kind} | {n} | {100 * r1 / n:.1f} % | {100 * r5 / n:.1f} % |")
    times.sort()
    print(f"latency over {cases} cases, one client: median {1000 * times[len(times) // 2]:.1f} ms, "
          f"p99 {1000 * times[int(len(times) * 0.99)]:.1f} ms")
    # without the year: the Jobcenter (it leads most cases) and Caritas, 100 queries each
    for who, tok in (("Jobcenter", token), ("Caritas", os.environ["CARITAS_TOKEN"])):
        plain = []
        for _ in range(100):
            i, f, l, born = rows[rnd.randrange(people)]
            plain.append(search(base, tok, {"name": query_for(FIRST[f], LAST[l], rnd)[1], "limit": 5})[1])
        plain.sort()
        print(f"without the birth year, {who}, 100 queries: median {1000 * plain[50]:.1f} ms, "
              f"p99 {1000 * plain[98]:.1f} ms")
    wb, pb, wa, pa = invisible_cost(super_url, base, os.environ["CARITAS_TOKEN"])
    print(f"Caritas searching a name it sees no case of, median of 200: {wb:.1f} ms with the year, "
          f"{pb:.1f} ms without; after 1,000 cases of that name and year it does not see were "
          f"registered: {wa:.1f} ms and {pa:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
