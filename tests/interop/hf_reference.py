"""Reference outputs of a Hugging Face model (optionally with a PEFT adapter),
computed by transformers / peft on the CPU in float32, in the layout the
engine's parity runner reads (core/model/parity.h):

  reference.safetensors  input_ids_{0,1}, logits_{0,1}, batch_input_ids,
                         batch_attention_mask, batch_logits, greedy_ids
  reference.json         sequences, prompt, greedy_ids, masked_loss

Two uses: make_hf_fixtures.py builds tiny models with transformers and calls
write_reference on them; the interop test calls this file's main on folders
that `tracescope-cli train` wrote (a full checkpoint, or an adapter over a
base), so transformers must load what TraceScope saves.

usage: hf_reference.py --model DIR [--adapter DIR] --out FIXTURE_DIR
  The fixture folder gets the model's (or adapter's) files and the references.
"""
import argparse
import json
import os
import shutil

import torch
from safetensors.torch import save_file

# Token ids of the two sequences and the generation prompt, scaled into the
# vocabulary by reference_inputs().
BASE_SEQUENCES = [[1, 17, 42, 300, 7, 7, 99, 511, 256, 3, 18, 77], [5, 400, 2, 33, 9, 120, 64]]
BASE_PROMPT = [1, 10, 20, 30, 40]


def reference_inputs(vocab):
    fold = lambda ids: [i % vocab for i in ids]
    return [fold(s) for s in BASE_SEQUENCES], fold(BASE_PROMPT)


def write_reference(model, out_dir, seqs, prompt):
    model.eval()
    tensors, meta = {}, {"sequences": [list(s) for s in seqs], "prompt": list(prompt)}
    with torch.no_grad():
        for i, s in enumerate(seqs):
            ids = torch.tensor([s])
            tensors[f"input_ids_{i}"] = ids[0].to(torch.int64)
            tensors[f"logits_{i}"] = model(ids).logits[0].float().contiguous()
        width = max(len(s) for s in seqs)
        ids = torch.zeros(len(seqs), width, dtype=torch.long)
        mask = torch.zeros(len(seqs), width, dtype=torch.long)
        for i, s in enumerate(seqs):  # left padding with id 0, mask 0
            ids[i, width - len(s):] = torch.tensor(s)
            mask[i, width - len(s):] = 1
        tensors["batch_input_ids"] = ids
        tensors["batch_attention_mask"] = mask
        tensors["batch_logits"] = model(input_ids=ids, attention_mask=mask).logits.float().contiguous()
        greedy = model.generate(torch.tensor([prompt]), attention_mask=torch.ones(1, len(prompt), dtype=torch.long),
                                max_new_tokens=16, min_new_tokens=16, do_sample=False, pad_token_id=0)
        tensors["greedy_ids"] = greedy[0].to(torch.int64)
        meta["greedy_ids"] = greedy[0].tolist()
        ids = torch.tensor([seqs[0]])
        labels = ids.clone()
        labels[0, :4] = -100  # the first four labels ignored; HF shifts by one inside
        meta["masked_loss"] = {"sequence": 0, "ignored_prefix": 4,
                               "loss": model(input_ids=ids, labels=labels).loss.item()}
    os.makedirs(out_dir, exist_ok=True)
    save_file(tensors, os.path.join(out_dir, "reference.safetensors"))
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(meta, f, indent=1)


def load(model_dir, adapter_dir=None):
    from transformers import AutoModelForCausalLM
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    if adapter_dir:
        from peft import PeftModel
        model = PeftModel.from_pretrained(model, adapter_dir)
    return model


def copy_files(src, dst, names):
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        if any(name == n or name.startswith(n) for n in names):
            shutil.copy2(os.path.join(src, name), os.path.join(dst, name))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--adapter")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.manual_seed(0)
    model = load(a.model, a.adapter)
    if a.adapter:
        copy_files(a.adapter, a.out, ["adapter_config.json", "adapter_model.safetensors"])
    else:
        copy_files(a.model, a.out, ["config.json", "generation_config.json", "model.safetensors",
                                    "model-"])
    vocab = model.config.vocab_size if not a.adapter else model.base_model.model.config.vocab_size
    seqs, prompt = reference_inputs(vocab)
    write_reference(model, a.out, seqs, prompt)
    print(f"references of {a.adapter or a.model} written to {a.out}")


if __name__ == "__main__":
    main()
