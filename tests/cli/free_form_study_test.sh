#!/usr/bin/env bash
# The paper's second arm from the command line, end to end:
#   1. a rule-based run (the correct SFT targets of the bAbI sample's task-1 test
#      items) and a free-form run (R1-style thinking that names the class in
#      words and quotes the gold fact) are imported; the free-form run's steps
#      are "needs-human" under the strict rule, and it has no legacy verdicts;
#   2. `evidence` proposes the label and the quoted unit, and confirming it for
#      5 items makes the human-rule tables count those 5 items;
#   3. a study of both runs (10 items, 3 participants): each participant's
#      blinded sequence, their ratings merged from CSV (a second merge adds
#      nothing), export, and `study report` equal to R's figures on the same
#      CSV (tests/stats/study_report_reference.R) to 1e-6;
#   4. bad rating files are refused with the file and line named, the project
#      unchanged.
# usage: free_form_study_test.sh CLI SOURCE_DIR WORK_DIR
set -euo pipefail
cli="$1" src="$2" work="$3"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
babi="$src/sample_data/babi/qa1_single-supporting-fact_test.txt"
fail() { echo "FAIL: $*"; exit 1; }

echo "== two runs: rule-based and free-form"
"$cli" build-sft --dataset babi --input "$babi" --condition correct --seed 1 --out sft.jsonl >/dev/null
python3 - <<'EOF'
import json, re
rule, free = open("rule.jsonl", "w"), open("free.jsonl", "w")
for k, line in enumerate(open("sft.jsonl")):
    ex = json.loads(line)
    target = ex["messages"][-1]["content"]
    fact = re.search(r"\['(.*)'\]", target).group(1)
    answer = re.search(r"<answer>(.*)</answer>", target).group(1)
    rule.write(json.dumps({"item_id": ex["item_id"], "prediction": target}) + "\n")
    # Every third item quotes the fact loosely (most words, another order).
    quote = fact if k % 3 else " ".join(reversed(fact.rstrip(".").split())) + "."
    thinking = ("Okay, so the question wants a place. This looks like a single supporting fact "
                "question to me, since one sentence should settle it. Scanning the story: "
                + quote + " Nothing later moves them again, I think.")
    free.write(json.dumps({"item_id": ex["item_id"],
                           "prediction": f"<think>{thinking}</think> <answer>{answer}</answer>"}) + "\n")
EOF
"$cli" import --project p.tsproj --format jsonl --dataset babi --run rule --pair "rule.jsonl:$babi" >/dev/null
"$cli" import --project p.tsproj --format jsonl --dataset babi --run free --trace-type free-form \
  --pair "free.jsonl:$babi" >/dev/null
"$cli" items --project p.tsproj --run free --format jsonl >free_items.jsonl
python3 - <<'EOF' || fail "free-form verdicts"
import json
rows = [json.loads(l) for l in open("free_items.jsonl")]
assert len(rows) == 30, len(rows)
for r in rows:
    text = json.dumps(r)
    assert "needs-human" in text, text[:300]
EOF

echo "== evidence: propose and confirm for 5 items"
items=$(python3 -c 'import json; print(" ".join(json.loads(l)["item_id"] for l in list(open("sft.jsonl"))[:5]))')
first=${items%% *}
"$cli" evidence --project p.tsproj --run free --item "$first" | tee evidence.txt
grep -q "single-supporting-fact .*\[gold\]" evidence.txt || fail "the class label was not proposed"
grep -q "overlap 1.00 .*\[gold\]" evidence.txt || fail "the quoted gold unit was not proposed"
before=$("$cli" tables --project p.tsproj --run free --rule human --format json)
for item in $items; do
  unit=$("$cli" evidence --project p.tsproj --run free --item "$item" --format json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["units"][0]["unit"])')
  "$cli" evidence --project p.tsproj --run free --item "$item" --confirm --annotator ann \
    --label single-supporting-fact --unit "$unit" | grep -q "class ok, retrieval ok" ||
    fail "confirming $item"
done
after=$("$cli" tables --project p.tsproj --run free --rule human --format json)
python3 - "$before" "$after" <<'EOF' || fail "the human-rule tables did not follow the confirmed evidence"
import json, sys
def total(doc, step):
    table = next(t for t in json.loads(doc)["tables"] if t["step"] == step)
    return table["n"]
for step in ("class", "trace"):
    b, a = total(sys.argv[1], step), total(sys.argv[2], step)
    assert (b, a) == (0, 5), (step, b, a)
# Nothing for the rule to agree with: the rule left these steps to a person.
agreement = json.loads(sys.argv[2])["human_vs_rule"]
assert all(s["judged"] == 0 for s in agreement), agreement
EOF

echo "== study: 2 arms x 10 items, 3 participants"
"$cli" study create --project p.tsproj --name s1 --run rule --run free --items 10 \
  --participants p1,p2,p3 --seed 11 | tee create.txt
for p in p1 p2 p3; do
  "$cli" study sequence --project p.tsproj --name s1 --participant "$p" >"seq_$p.csv"
done
python3 - <<'EOF'
import csv, random
rng = random.Random(5)
with open("ratings.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["participant", "item", "trace_type", "scale", "rating", "seconds", "comment"])
    for p in ("p1", "p2", "p3"):
        rows = list(csv.DictReader(open(f"seq_{p}.csv")))
        assert len(rows) == 10 and sum(r["trace_type"] == "free-form" for r in rows) == 5
        for r in rows:
            free = r["trace_type"] == "free-form"
            secs = f"{rng.uniform(5, 40):.3f}"
            w.writerow([p, r["item"], r["trace_type"], "interpretability",
                        rng.choice([1, 2, 3, 3, 4] if free else [3, 4, 5, 5, 4]), secs, ""])
            w.writerow([p, r["item"], r["trace_type"], "cognitive_load",
                        rng.choice([3, 4, 5, 5, 4] if free else [1, 2, 2, 3]), secs, "ok, fine" if free else ""])
EOF
"$cli" study import --project p.tsproj --name s1 --csv ratings.csv | grep -q "30 ratings added, 0 already" ||
  fail "the first merge"
"$cli" study import --project p.tsproj --name s1 --csv ratings.csv | grep -q "0 ratings added, 30 already" ||
  fail "a second merge added ratings"
"$cli" study export --project p.tsproj --name s1 --out export.csv >/dev/null
"$cli" study report --project p.tsproj --name s1
"$cli" study report --project p.tsproj --name s1 --format json >report.json

echo "== the report against R"
if ! command -v Rscript >/dev/null; then
  echo "SKIP: Rscript not found (scripts/install_deps.sh --test installs r-base-core)"
  exit 77
fi
Rscript "$src/tests/stats/study_report_reference.R" export.csv 11 rule-based free-form >r.txt
python3 - <<'EOF' || fail "study report differs from R"
import json, math
r = {}
for line in open("r.txt"):
    key, _, value = line.rstrip(" \n").rpartition(" ")
    r[key] = float(value)
rep = json.load(open("report.json"))
ours = {}
for s in rep["scales"]:
    sc = s["scale"]
    for a in s["arms"]:
        for k in ("n", "mean", "median", "ci_low", "ci_high"):
            ours[f"{sc} {a['trace_type']} {k}"] = a[k]
    kw = s["kruskal_wallis"]
    ours[f"{sc} kw h"], ours[f"{sc} kw df"], ours[f"{sc} kw p"] = kw["h"], kw["df"], kw["p"]
    for p in s["pairs"]:
        key = f"{sc} {p['a']} vs {p['b']}"
        ours[key + " w"], ours[key + " p"] = p["w"], p["p"]
        ours[key + " p_holm"], ours[key + " r"] = p["p_holm"], p["rank_biserial"]
    ours[f"{sc} alpha"] = s["krippendorff_alpha_ordinal"]
assert set(ours) == set(r), (sorted(set(ours) ^ set(r)))
worst = 0.0
for k, v in r.items():
    d = abs(ours[k] - v) / max(abs(v), 1e-12)
    worst = max(worst, d)
    assert d <= 1e-6, (k, ours[k], v)
print(f"{len(r)} figures equal R's (largest relative difference {worst:.2e})")
EOF

echo "== bad rating files are refused, naming file and line"
head -1 ratings.csv >hdr.csv
refuse() {  # refuse NAME EXPECTED_MESSAGE (the file's rows on stdin)
  cat hdr.csv - >"$1"
  local out
  "$cli" study export --project p.tsproj --name s1 --out before.csv >/dev/null
  if out=$("$cli" study import --project p.tsproj --name s1 --csv "$1" 2>&1); then
    fail "$1 was accepted: $out"
  fi
  echo "$out" | grep -q "$1:2" || fail "$1: no file:line in '$out'"
  echo "$out" | grep -q "$2" || fail "$1: expected '$2' in '$out'"
  "$cli" study export --project p.tsproj --name s1 --out after.csv >/dev/null
  cmp -s before.csv after.csv || fail "$1 changed the project"
}
item=$(sed -n 2p seq_p1.csv | cut -d, -f2) type=$(sed -n 2p seq_p1.csv | cut -d, -f3)
other=$([ "$type" = free-form ] && echo rule-based || echo free-form)
printf 'p1,%s,%s,interpretability,7,3,\np1,%s,%s,cognitive_load,2,3,\n' "$item" "$type" "$item" "$type" |
  refuse bad_rating.csv "not an integer from 1 to 5"
printf 'p1,%s,%s,clarity,3,3,\n' "$item" "$type" | refuse bad_scale.csv "scale 'clarity'"
printf 'p1,%s,%s,interpretability,3,3,\n' "$item" "$type" | refuse one_scale.csv "one scale only"
printf 'p9,%s,%s,interpretability,3,3,\np9,%s,%s,cognitive_load,3,3,\n' "$item" "$type" "$item" "$type" |
  refuse stranger.csv "participant 'p9' is not in study"
printf 'p1,%s,%s,interpretability,3,3,\np1,%s,%s,cognitive_load,3,3,\n' "$item" "$other" "$item" "$other" |
  refuse unblinded.csv "was shown item"
printf 'p1,%s,%s,interpretability,3,-4,\np1,%s,%s,cognitive_load,3,-4,\n' "$item" "$type" "$item" "$type" |
  refuse negative_time.csv "non-negative number of seconds"
echo "PASS"
