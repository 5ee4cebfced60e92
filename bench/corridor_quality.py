#!/usr/bin/env python3
"""Scores a run's corridors against a generated case's truth (issue #7's quality bars).

usage: bench/corridor_quality.py CASE_DIR RUN_DIR [MIN_SUPPORT [list]]
(a fourth argument lists the mined corridors that lie on no true route)

Planted corridors are truth/corridors.csv, taken as the sources can show them
(observable_places: places reached and left by car, on foot or by boat are named by no record,
so the legs around them appear as one). A planted corridor counts for recall when at least
MIN_SUPPORT (default: the run's min_support from manifest.json) true persons travelled it
whole (truth/routes.csv), and it is found when a mined corridor of the run (corridors.csv)
contains its observable sequence contiguously. A mined corridor is correct when some
true person's route contains its sequence, and consistent when its places lie on one in order
(places between them skipped: records the resolution left in another entity). Facilitators: each planted corridor's transporters
are the transporters of the cells whose migrants travelled it; the script reports how many of
them are among the facilitators (facilitators.csv) of the mined corridor that found it, each
run entity taken as the true person most of its records belong to. Where the run lists
facilitator numbers (facilitator_numbers.csv: numbers no record attributes), the script also
reports how many transporters are found as a person or by a number truth/phones.csv gives
them; that count is reported apart, as the run itself names no user for those numbers.
"""
import collections
import csv
import json
import os
import sys


def in_order(route, places):
    """places appear on route in this order, possibly with others between them."""
    it = iter(route)
    return all(any(p == q for q in it) for p in places)


def contains(route, places):
    n = len(places)
    return any(route[i:i + n] == places for i in range(len(route) - n + 1))


def main():
    case_dir, run_dir = sys.argv[1], sys.argv[2]
    manifest = json.load(open(f"{run_dir}/manifest.json"))
    min_support = int(sys.argv[3]) if len(sys.argv) > 3 else int(
        manifest["options"]["min_support"])

    routes = collections.defaultdict(list)
    for row in csv.DictReader(open(f"{case_dir}/truth/routes.csv")):
        routes[row["person"]].append((int(row["leg_index"]), row["from_place"], row["to_place"]))
    true_route = {}
    for person, legs in routes.items():
        legs.sort()
        true_route[person] = [legs[0][1]] + [to for _, _, to in legs]

    cell_of, role_of = {}, {}
    for row in csv.DictReader(open(f"{case_dir}/truth/persons.csv")):
        cell_of[row["person"]] = row["cell"]
        role_of[row["person"]] = row["role"]

    planted = []
    for row in csv.DictReader(open(f"{case_dir}/truth/corridors.csv")):
        travellers = [p for p, route in true_route.items()
                      if contains(route, row["places"].split(" > "))]
        places = row["observable_places"].split(" > ")
        cells = {cell_of[p] for p in travellers}
        transporters = {p for p, role in role_of.items()
                        if role == "transporter" and cell_of[p] in cells}
        planted.append((row["corridor"], places, len(travellers), transporters))

    mined = [(row["corridor"], row["places"].split(" > "), int(row["persons"]))
             for row in csv.DictReader(open(f"{run_dir}/corridors.csv"))]

    # Entity -> true person by majority of its records.
    person_of_record = {row["record_id"]: row["person"]
                        for row in csv.DictReader(open(f"{case_dir}/truth/records.csv"))}
    votes = collections.defaultdict(collections.Counter)
    for row in csv.DictReader(open(f"{run_dir}/records.csv")):
        person = person_of_record.get(row["record_id"])
        if person and row.get("entity_id"):
            votes[row["entity_id"]][person] += 1
    truth_of_entity = {e: c.most_common(1)[0][0] for e, c in votes.items()}
    facilitators = collections.defaultdict(set)
    for row in csv.DictReader(open(f"{run_dir}/facilitators.csv")):
        person = truth_of_entity.get(row["person"])
        if person:
            facilitators[row["corridor"]].add(person)

    users_of_number = collections.defaultdict(set)
    for row in csv.DictReader(open(f"{case_dir}/truth/phones.csv")):
        users_of_number[row["phone_e164"]].add(row["person"])
    number_users = collections.defaultdict(set)
    numbers_file = f"{run_dir}/facilitator_numbers.csv"
    has_numbers = os.path.exists(numbers_file)
    if has_numbers:
        for row in csv.DictReader(open(numbers_file)):
            number_users[row["corridor"]] |= users_of_number.get(row["number"], set())

    eligible = [p for p in planted if p[2] >= min_support]
    found = 0
    transporter_hits = transporter_total = with_numbers = 0
    print(f"{'planted':8} {'support':>8} {'found by':>9} {'mined support':>14} {'transporters':>13}")
    for name, places, support, transporters in planted:
        best = None
        for mined_name, mined_places, mined_support in mined:
            if contains(mined_places, places) and (best is None or mined_support > best[1]):
                best = (mined_name, mined_support)
        hits = len(transporters & facilitators[best[0]]) if best else 0
        if support >= min_support:
            found += best is not None
            transporter_hits += hits
            if best:
                with_numbers += len(transporters & (facilitators[best[0]] | number_users[best[0]]))
            transporter_total += len(transporters)
        print(f"{name:8} {support:8d} {best[0] if best else '-':>9} "
              f"{best[1] if best else 0:14d} {hits:6d}/{len(transporters):<6d}")
    # A true route as the sources show it: its observable places only.
    # Recruitment towns are left by bus, so observable too.
    rows = list(csv.DictReader(open(f"{case_dir}/truth/corridors.csv")))
    on_corridors = {place for row in rows for place in row["places"].split(" > ")}
    shown = {place for row in rows for place in row["observable_places"].split(" > ")}
    shown |= {place for route in true_route.values() for place in route} - on_corridors
    # A route's first place is left by bus (a recruitment town, or the corridor's start), so it
    # is shown even where the corridor passes it again unrecorded (Erbil on K6).
    shown_routes = [route[:1] + [p for p in route[1:] if p in shown]
                    for route in true_route.values()]
    correct = sum(1 for _, places, _ in mined
                  if any(contains(route, places) for route in shown_routes))
    # Lenient: the corridor's places lie in this order on some true route; places between them
    # are records the resolution left in another entity, a gap, not an invention.
    consistent = sum(1 for _, places, _ in mined
                     if any(in_order(route, places) for route in shown_routes))
    recall = found / len(eligible) if eligible else float("nan")
    precision = correct / len(mined) if mined else float("nan")
    print(f"recall {recall:.3f} ({found}/{len(eligible)} planted corridors with support >= "
          f"{min_support}); precision {precision:.3f} ({correct}/{len(mined)} mined corridors "
          f"lie on a true route; {consistent} follow one in order, places skipped)")
    if len(sys.argv) > 4:
        for name, places, support in mined:
            if not any(contains(route, places) for route in shown_routes):
                print("not on a true route:", name, support, " > ".join(places))
    print(f"planted transporters among the facilitators of the corridor that found them: "
          f"{transporter_hits}/{transporter_total}")
    if has_numbers:
        print(f"... as a person or by one of their numbers among the facilitator numbers: "
              f"{with_numbers}/{transporter_total}")


if __name__ == "__main__":
    main()
