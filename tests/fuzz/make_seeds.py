#!/usr/bin/env python3
"""Makes the seed corpora of the fuzz targets from ../shared/data: small slices
of the real files (a few records each, so libFuzzer mutates realistic inputs
quickly), plus every file of tests/fuzz/regressions/<target>/. Written into the
build directory; nothing here is committed."""
import argparse
import csv
import json
import os
import shutil
import struct
import sys

csv.field_size_limit(1 << 30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--targets", nargs="*", default=[],
                    help="make a (possibly empty) folder for each of these targets")
    a = ap.parse_args()
    shared, out = a.shared, a.out
    counts = {}

    def put(target, name, data):
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        counts[target] = counts.get(target, 0) + 1

    def path(*p):
        return os.path.join(shared, *p)

    def exists(*p):
        return os.path.exists(path(*p))

    def head_lines(p, n):
        with open(p, "rb") as f:
            return b"".join(f.readline() for _ in range(n))

    def csv_slice(p, rows):
        with open(p, newline="", encoding="utf-8") as f:
            r = list(csv.reader(f))
        return r[0], r[1 : 1 + rows]

    def csv_text(header, rows):
        import io

        s = io.StringIO()
        w = csv.writer(s, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        return s.getvalue()

    if os.path.isdir(out):
        shutil.rmtree(out)

    # safetensors: small valid files rebuilt from the parity fixtures' tensors.
    for model in ["llama_tiny", "qwen3_tiny", "llama_tiny_lora"]:
        for fname in ["model.safetensors", "adapter_model.safetensors", "reference.safetensors"]:
            p = path("parity", model, fname)
            if not os.path.exists(p):
                continue
            raw = open(p, "rb").read()
            n = struct.unpack("<Q", raw[:8])[0]
            header = json.loads(raw[8 : 8 + n])
            data = raw[8 + n :]
            tensors = [(k, v) for k, v in header.items() if k != "__metadata__"]
            tensors.sort(key=lambda kv: kv[1]["data_offsets"][0])
            for start in range(0, min(len(tensors), 12), 3):
                h, blob = {}, b""
                if "__metadata__" in header:
                    h["__metadata__"] = header["__metadata__"]
                for k, v in tensors[start : start + 3]:
                    b, e = v["data_offsets"]
                    if e - b > 2048:
                        continue
                    h[k] = {"dtype": v["dtype"], "shape": v["shape"], "data_offsets": [len(blob), len(blob) + e - b]}
                    blob += data[b:e]
                text = json.dumps(h, separators=(",", ":")).encode()
                text += b" " * ((8 - len(text) % 8) % 8)
                put("safetensors", f"{model}_{fname}_{start}", struct.pack("<Q", len(text)) + text + blob)

    # configs
    for model in ["llama_tiny", "qwen3_tiny"]:
        if exists("parity", model, "config.json"):
            put("model_config", model + ".json", open(path("parity", model, "config.json"), "rb").read())
    if exists("parity", "llama_tiny_lora", "adapter_config.json"):
        put("adapter_config", "llama_tiny_lora.json",
            open(path("parity", "llama_tiny_lora", "adapter_config.json"), "rb").read())

    # tokenizer.json: the real tokenizers cut to their first few hundred
    # tokens (merges kept when both parts and the result survive).
    for tok in ["qwen3", "llama3"]:
        p = path("tokenizers", tok, "tokenizer.json")
        if not os.path.exists(p):
            continue
        j = json.load(open(p, encoding="utf-8"))
        for keep in [300, 600]:
            jj = dict(j)
            model = dict(j["model"])
            vocab = {k: v for k, v in model["vocab"].items() if v < keep}
            merges = []
            for m in model["merges"]:
                parts = m.split(" ") if isinstance(m, str) else m
                if len(parts) == 2 and parts[0] in vocab and parts[1] in vocab and (parts[0] + parts[1]) in vocab:
                    merges.append(m)
            model["vocab"], model["merges"] = vocab, merges
            jj["model"] = model
            jj["added_tokens"] = [dict(t, id=keep + i) for i, t in enumerate(j.get("added_tokens", [])[:8])]
            post = jj.get("post_processor")
            if post:
                text = json.dumps(post)
                for t in j.get("added_tokens", []):
                    if str(t["id"]) in text:
                        jj["post_processor"] = None
                        break
            put("tokenizer_json", f"{tok}_{keep}.json", json.dumps(jj, ensure_ascii=False))
        cfg = path("tokenizers", tok, "tokenizer_config.json")
        if os.path.exists(cfg):
            c = json.load(open(cfg, encoding="utf-8"))
            c.pop("added_tokens_decoder", None)
            put("tokenizer_json", f"{tok}_tokenizer_config.json", json.dumps(c, ensure_ascii=False))

    # chat templates x the reference conversations
    ref = path("tokenizers", "chat_template_reference.json")
    templates = {}
    for tok in ["qwen3", "llama3"]:
        cfg = path("tokenizers", tok, "tokenizer_config.json")
        if os.path.exists(cfg):
            templates[tok] = json.load(open(cfg, encoding="utf-8")).get("chat_template")
    if os.path.exists(ref):
        for i, case in enumerate(json.load(open(ref, encoding="utf-8"))):
            t = templates.get(case.get("tokenizer"))
            if not isinstance(t, str):
                continue
            msgs = [dict(m, content=m["content"][:300]) if isinstance(m.get("content"), str) else m for m in case["messages"]]
            data = {"messages": msgs, "add_generation_prompt": case.get("add_generation_prompt", False),
                    "extra": case.get("extra", {})}
            put("chat_template", f"case{i}", t + "\0" + json.dumps(data, ensure_ascii=False))
    for tok, t in templates.items():
        if isinstance(t, str):
            put("chat_template", f"{tok}_template_only", t)

    # text for the encoder, the trace parser and the literal reader
    texts, literals, predictions = [], [], []
    if exists("cotempqa", "test_set.csv"):
        h, rows = csv_slice(path("cotempqa", "test_set.csv"), 12)
        for r in rows:
            rec = dict(zip(h, r))
            texts.append(rec["question"])
            literals += [rec["facts"][:1500], rec["answer"]]
        put("load_cotempqa", "test_set.csv", csv_text(h, rows[:4]))
        put("csv", "test_set.csv", csv_text(h, rows[:3]))
    for cls in ["equal", "overlap", "mix"]:
        if exists("cotempqa", cls + ".json"):
            put("load_cotempqa", cls + ".jsonl", head_lines(path("cotempqa", cls + ".json"), 3))
    sftdir = "sft_dataset_reasoning_with_facts_chat_template"
    for cls in ["equal", "during"]:
        p = path("cotempqa", sftdir, cls + "_test.csv")
        if os.path.exists(p):
            h, rows = csv_slice(p, 3)
            put("load_sft_csv", cls + "_test.csv", csv_text(h, rows))
            put("csv", cls + "_sft.csv", csv_text(h, rows[:2]))
            for r in rows:
                rec = dict(zip(h, r))
                literals.append(rec.get("messages", "")[:3000])
    for variant in ["sft_dataset_reasoning_with_facts_chat_template", "sft_dataset_chat_template"]:
        p = path("trace_check_qa_babiqa", "data", "babiqa", variant, "test.csv")
        if os.path.exists(p):
            h, rows = csv_slice(p, 3)
            put("load_sft_csv", "babi_" + variant + ".csv", csv_text(h, rows))
            for r in rows:
                rec = dict(zip(h, r))
                literals.append(rec.get("passages", "")[:2000])
    for root in ["trace_check_qa_results/evaluation_outputs", "trace_check_qa_babiqa/results/Babiqa/evaluation_outputs"]:
        d = path(root)
        if not os.path.isdir(d):
            continue
        for dirpath, _, files in sorted(os.walk(d)):
            for fn in sorted(files)[:3]:
                with open(os.path.join(dirpath, fn), encoding="utf-8") as f:
                    for _ in range(3):
                        line = f.readline()
                        if not line.strip():
                            break
                        try:
                            predictions.append(json.loads(line)["prediction"])
                        except (ValueError, KeyError):
                            pass
    for task in ["qa1_single-supporting-fact_test.txt", "qa2_two-supporting-facts_test.txt",
                 "qa8_lists-sets_test.txt", "qa19_path-finding_test.txt"]:
        p = path("babi", "en", task)
        if os.path.exists(p):
            lines = head_lines(p, 16)
            put("load_babi", task, lines)
            texts += lines.decode("utf-8").splitlines()[:3]
    if exists("msmarco", "ms_marco_sample.json"):
        recs = json.load(open(path("msmarco", "ms_marco_sample.json"), encoding="utf-8"))
        if isinstance(recs, list):
            small = recs[:2]
            put("load_msmarco", "hf_records.json", json.dumps(small, indent=1))
            put("load_msmarco", "hf_records.jsonl", "".join(json.dumps(r) + "\n" for r in small))
            listed = []
            for r in small:
                ps = r.get("passages", {})
                if isinstance(ps, dict):
                    r = dict(r, passages=[{"is_selected": s, "passage_text": t, "url": u}
                                          for s, t, u in zip(ps.get("is_selected", []), ps.get("passage_text", []), ps.get("url", []))])
                listed.append(r)
                texts += [t[:400] for t in (ps.get("passage_text", []) if isinstance(ps, dict) else [])[:2]]
            put("load_msmarco", "v21_records.json", json.dumps(listed))
            cols = {k: {str(i): r.get(k) for i, r in enumerate(listed)} for k in ["query", "passages", "answers", "query_type", "query_id", "wellFormedAnswers"]}
            put("load_msmarco", "v21_columns.json", json.dumps(cols))

    for i, t in enumerate(texts[:60]):
        put("tokenizer_encode", f"text{i}", bytes([i % 8]) + t.encode("utf-8"))
    for i, t in enumerate(literals[:60]):
        put("python_literal", f"lit{i}", t)
    for i, p in enumerate(predictions[:60]):
        put("trace_parser", f"pred{i}", bytes([i % 4]) + p.encode("utf-8"))

    # native JSONL: hand-made from the documented format
    header = {"tracescope_dataset": 1, "dataset_kind": "babi", "name": "babi", "source_files": ["en/qa1_single-supporting-fact_train.txt"]}
    item = {"id": "qa1/train/1/3", "split": "train", "question": "Where is Mary?",
            "context": [{"text": "Mary moved to the bathroom.", "source_id": 1}, {"text": "John went to the hallway.", "source_id": 2}],
            "gold_answers": ["bathroom"], "gold_label": "single-supporting-fact", "gold_retrieval": [0],
            "meta": {"file_line": 3, "line": 3, "story": 1, "supporting_ids": [1], "task": 1, "task_name": "single-supporting-fact"}}
    item2 = dict(item, id="qa1/train/2/3", gold_retrieval=[0, 1])
    put("load_jsonl", "babi.jsonl", json.dumps(header, separators=(",", ":")) + "\n" +
        json.dumps(item, separators=(",", ":")) + "\n" + json.dumps(item2, separators=(",", ":")) + "\n")
    gh = dict(header, dataset_kind="generic", name="g", source_files=[])
    gi = dict(item, id="g/1", gold_label="", gold_retrieval=[], meta={})
    put("load_jsonl", "generic.jsonl", json.dumps(gh) + "\n" + json.dumps(gi) + "\n")

    # every crash input kept as a regression is a seed too
    reg = os.path.join(a.source, "tests", "fuzz", "regressions")
    if os.path.isdir(reg):
        for target in sorted(os.listdir(reg)):
            td = os.path.join(reg, target)
            if os.path.isdir(td):
                for fn in sorted(os.listdir(td)):
                    put(target, "regression-" + fn, open(os.path.join(td, fn), "rb").read())

    for t in a.targets:
        os.makedirs(os.path.join(out, t), exist_ok=True)
    for t in sorted(counts):
        print(f"  {t}: {counts[t]} seeds")


if __name__ == "__main__":
    sys.exit(main())
