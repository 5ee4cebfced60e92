#!/usr/bin/env bash
# Resolution quality on public data with ground truth and on a generated case:
# `corridor resolve` with default options, then `corridor evaluate` against the truth.
# FEBRL 1-3 (truth in rec_id: rec-N-org and rec-N-dup-k are person N) and Splink's fake_1000
# (truth column `cluster`) come from ../shared/data; the generated case is made here.
# Prints one line per case: pairwise P/R/F1, B-cubed F1, ARI, resolve wall time.
#
# usage: bench/resolve_quality.sh CORRIDOR [WORK_DIR] [GENERATED_PERSONS]
#   e.g. bench/resolve_quality.sh build/release/cli/corridor
set -euo pipefail
shopt -s inherit_errexit

corridor=$(realpath "${1:?usage: bench/resolve_quality.sh CORRIDOR [WORK_DIR] [GENERATED_PERSONS]}")
work=${2:-/tmp/corridor-resolve-quality}
persons=${3:-100000}
here=$(cd "$(dirname "$0")" && pwd)
data=$(realpath "$here/../../shared/data")
mkdir -p "$work"

# One line of figures from evaluate's JSON.
summarise() {
  python3 -c '
import json, sys
d = json.load(sys.stdin)
p = d["pairwise"]
print("%-28s %9d %9.4f %9.4f %9.4f %9.4f %9.4f %8s" % (sys.argv[1], d["items"], p["precision"],
      p["recall"], p["f1"], d["bcubed"]["f1"], d["adjusted_rand_index"], sys.argv[2]))
' "$1" "$2"
}

run() {  # NAME CASE TRUTH TRUTH_CLUSTER
  local start end
  start=$(date +%s.%N)
  "$corridor" --quiet resolve "$2" --out "$work/$1" >/dev/null
  end=$(date +%s.%N)
  "$corridor" evaluate --truth "$3" --truth-cluster "$4" --records "$work/$1/records.csv" |
    summarise "$1" "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2fs", b - a}')"
}

printf '%-28s %9s %9s %9s %9s %9s %9s %8s\n' case items precision recall pair_f1 bcubed_f1 ari resolve
for i in 1 2 3; do
  truth=$work/febrl$i-truth.csv
  awk -F', *' 'NR == 1 {print "record_id,cluster"; next} {split($1, a, "-"); print $1 "," a[2]}' \
    "$data/febrl/dataset$i.csv" >"$truth"
  run "febrl$i" "$here/cases/febrl$i.json" "$truth" cluster
done
truth=$work/fake_1000-truth.csv
awk -F, 'NR == 1 {print "record_id,cluster"; next} {print $1 "," $NF}' \
  "$data/splink_fake_1000/fake_1000.csv" >"$truth"
run splink_fake_1000 "$here/cases/splink_fake_1000.json" "$truth" cluster

generated=$work/generated-$persons
[[ -f $generated/case.json ]] ||
  "$corridor" --quiet generate --persons "$persons" --seed 1 --out "$generated" >/dev/null
run "generated-$persons" "$generated/case.json" "$generated/truth/records.csv" person
# The generated case's truth is dominated by ledger payees known only by a name or an
# epithet; score the mentions that carry an identifier or a birth date separately.
python3 - "$work/generated-$persons/records.csv" "$generated/truth/records.csv" \
  "$work/generated-identified-truth.csv" <<'EOF'
import csv, sys
records, truth, out = sys.argv[1:]
keyed = {r["record_id"]: r for r in csv.DictReader(open(records))}
with open(out, "w") as f:
    f.write("record_id,person\n")
    for t in csv.DictReader(open(truth)):
        r = keyed.get(t["record_id"])
        if r and any(r.get(k) for k in ("document", "phone", "dob", "email", "address")):
            f.write(t["record_id"] + "," + t["person"] + "\n")
EOF
"$corridor" evaluate --truth "$work/generated-identified-truth.csv" --truth-cluster person \
  --records "$work/generated-$persons/records.csv" | summarise "generated-$persons-identified" "-"
