#!/usr/bin/env python3
"""Scores a run's cells and brokers against a generated case's truth.

usage: network_quality.py RUN_DIR TRUTH_DIR

Each person entity of nodes.csv is assigned the true person most of its records belong to
(truth/records.csv joined on record_id through the run's records.csv), and that person's
planted cell and role (truth/persons.csv). Prints one JSON object:
  nmi             normalised mutual information (arithmetic mean normalisation, as
                  scikit-learn's default) between the run's communities and the planted cells,
                  over the entities that have a true person (a person split in three entities
                  counts three times)
  nmi_records     the same over person records (each takes its entity's community)
  nmi_persons     the same over true persons, each taking the community most of its records
                  fall in (what an analyst reading the cells of one person would see)
  brokers         planted hawala brokers, and how many of them have an entity in the top 5%
                  of persons by betweenness (their best-ranked entity counts); also for the
                  active ones only, those the truth shows as payee of at least one ledger line
                  (the generator plants more brokers than the cells use)
"""
import csv
import json
import math
import sys
from collections import Counter, defaultdict


def rows(path):
    with open(path, newline='', encoding='utf-8') as f:
        yield from csv.DictReader(f)


def nmi(a, b):
    n = len(a)
    if n == 0:
        return 0.0
    ca, cb, cab = Counter(a), Counter(b), Counter(zip(a, b))
    mi = sum(c / n * math.log(c * n / (ca[x] * cb[y])) for (x, y), c in cab.items())
    ha = -sum(c / n * math.log(c / n) for c in ca.values())
    hb = -sum(c / n * math.log(c / n) for c in cb.values())
    return 1.0 if ha + hb == 0 else 2 * mi / (ha + hb)


def main():
    run, truth = sys.argv[1], sys.argv[2]
    person_of_record = {}
    payees = set()
    for r in rows(truth + '/records.csv'):
        person_of_record[r['record_id']] = r['person']
        if r['record_id'].endswith('#payee'):
            payees.add(r['person'])
    votes = defaultdict(Counter)
    for r in rows(run + '/records.csv'):
        person = person_of_record.get(r['record_id'])
        if person and r.get('entity_id'):
            votes[r['entity_id']][person] += 1
    planted = {r['person']: (r['cell'], r['role']) for r in rows(truth + '/persons.csv')}
    found, cells, betweenness = [], [], []
    nodes = list(rows(run + '/nodes.csv'))
    for r in nodes:
        if r['node'] not in votes:
            continue
        person = votes[r['node']].most_common(1)[0][0]
        found.append(r['community'])
        cells.append(planted[person][0])
    community_of = {r['node']: r['community'] for r in nodes}
    by_record, cell_of_record = [], []
    per_person = defaultdict(Counter)
    for entity, counts in votes.items():
        if entity not in community_of:
            continue
        for person, n in counts.items():
            by_record += [community_of[entity]] * n
            cell_of_record += [planted[person][0]] * n
            per_person[person][community_of[entity]] += n
    persons = sorted(per_person)
    by_person = [per_person[p].most_common(1)[0][0] for p in persons]
    cell_of_person = [planted[p][0] for p in persons]
    ranked = sorted(nodes, key=lambda r: -float(r['betweenness'] or 0))
    top = {r['node'] for r in ranked[:max(1, len(ranked) // 20)]}
    brokers = {p for p, (_, role) in planted.items() if role == 'hawala'}
    brokers_in_top = {votes[n].most_common(1)[0][0] for n in top if n in votes} & brokers
    print(json.dumps({
        'entities_scored': len(found),
        'communities': len(set(found)),
        'planted_cells': len(set(cells)),
        'nmi': round(nmi(found, cells), 4),
        'nmi_records': round(nmi(by_record, cell_of_record), 4),
        'nmi_persons': round(nmi(by_person, cell_of_person), 4),
        'brokers': len(brokers),
        'brokers_in_top_5pct_betweenness': len(brokers_in_top),
        'active_brokers': len(brokers & payees),
        'active_brokers_in_top_5pct_betweenness': len(brokers_in_top & payees),
    }, indent=2))


if __name__ == '__main__':
    main()
