"""Loads the checkpoints `train_gpu_check checkpoints` saved (a full model in the
Hugging Face layout and a PEFT LoRA adapter over a base model, both with the
tokenizer files and chat template our trainer writes) the way a Python user
would, and compares with what our engine computed:

  - transformers: AutoTokenizer renders the same chat text and encodes the same
    ids; AutoModelForCausalLM on the full model and PeftModel on base + adapter
    give the same logits (float32, CPU) within 1e-4;
  - without transformers (Debian's python3-torch only): the safetensors files
    are read by hand into bench/bench_train_baseline.py's transformers-style
    Llama, the adapter merged from its PEFT keys, and the logits compared the same way.

usage: check_checkpoints.py DIR [--json OUT]   (exit 1 on any mismatch)
"""
import importlib.util
import json
import os
import sys

import torch

TOL = 1e-4


def load_baseline_module():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "bench", "bench_train_baseline.py")
    spec = importlib.util.spec_from_file_location("bench_train_baseline", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def plain_model(mod, folder):
    c = json.load(open(os.path.join(folder, "config.json")))
    c.setdefault("head_dim", c["hidden_size"] // c["num_attention_heads"])
    m = mod.Llama(c)
    w = mod.read_safetensors(os.path.join(folder, "model.safetensors"))
    state = {k[len("model."):] if k.startswith("model.") else k: v.float() for k, v in w.items()}
    missing, unexpected = m.load_state_dict(state, strict=False)
    assert not [x for x in missing if x != "inv_freq"] and not unexpected, (missing, unexpected)
    return m.eval()


def plain_logits(mod, m, ids):
    with torch.no_grad():
        x = torch.tensor([ids])
        # the baseline module returns the loss; rebuild the logits path here
        b, t = x.shape
        h = m.embed_tokens(x)
        pos = torch.arange(t)[None, :]
        freqs = (m.inv_freq[None, :, None].float() @ pos[:, None, :].float()).transpose(1, 2)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos()[:, None], emb.sin()[:, None]
        mask = torch.full((t, t), torch.finfo(h.dtype).min).triu(1)[None, None]
        for layer in m.layers:
            h = layer(h, cos, sin, mask)
        return torch.nn.functional.linear(m.norm(h), m.embed_tokens.weight)[0]


def merge_adapter(mod, m, folder):
    cfg = json.load(open(os.path.join(folder, "adapter_config.json")))
    scaling = cfg["lora_alpha"] / cfg["r"]
    w = mod.read_safetensors(os.path.join(folder, "adapter_model.safetensors"))
    modules = dict(m.named_modules())
    merged = 0
    for key, a in w.items():
        if not key.endswith(".lora_A.weight"):
            continue
        name = key[len("base_model.model.model."):-len(".lora_A.weight")]
        b = w[key.replace("lora_A", "lora_B")]
        with torch.no_grad():
            modules[name].weight += (b.float() @ a.float()) * scaling
        merged += 1
    return merged


def main():
    folder = sys.argv[1]
    out_json = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
    exp = json.load(open(os.path.join(folder, "expected.json")))
    mod = load_baseline_module()
    ref = mod.read_safetensors(os.path.join(folder, "expected.safetensors"))
    ids = exp["ids"]
    full_dir, base_dir, adapter_dir = (os.path.join(folder, exp[k]) for k in ("full", "base", "adapter"))
    result = {"checks": {}}

    def record(name, ok, detail):
        result["checks"][name] = {"ok": bool(ok), "detail": detail}
        print(("PASS " if ok else "FAIL ") + name + ": " + detail)

    try:
        import transformers
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from peft import PeftModel
        result["reader"] = "transformers %s, peft %s" % (transformers.__version__, __import__("peft").__version__)
        tok = AutoTokenizer.from_pretrained(full_dir)
        text = tok.apply_chat_template(exp["messages"], tokenize=False, add_generation_prompt=True)
        record("chat template", text == exp["text"], repr(text[:80]))
        got_ids = tok(text, add_special_tokens=False)["input_ids"]
        record("tokenizer ids", got_ids == ids, "%d ids" % len(got_ids))
        full = AutoModelForCausalLM.from_pretrained(full_dir, torch_dtype=torch.float32).eval()
        with torch.no_grad():
            lf = full(torch.tensor([ids])).logits[0]
        base = AutoModelForCausalLM.from_pretrained(base_dir, torch_dtype=torch.float32)
        peft_model = PeftModel.from_pretrained(base, adapter_dir).eval()
        with torch.no_grad():
            la = peft_model(torch.tensor([ids])).logits[0]
    except ImportError as e:
        result["reader"] = "plain torch %s (no transformers: %s)" % (torch.__version__, e)
        lf = plain_logits(mod, plain_model(mod, full_dir), ids)
        base = plain_model(mod, base_dir)
        n = merge_adapter(mod, base, adapter_dir)
        record("adapter keys", n > 0, "%d LoRA pairs merged" % n)
        la = plain_logits(mod, base, ids)
    for name, got, want in (("full model logits", lf, ref["full_logits"]), ("base + adapter logits", la, ref["lora_logits"])):
        diff = (got.float() - want.float()).abs().max().item()
        record(name, diff < TOL, "max |diff| %.3g (limit %g)" % (diff, TOL))
    # The adapter must change the model (a zero adapter would pass trivially).
    moved = (ref["lora_logits"] - plain_logits(mod, plain_model(mod, base_dir), ids)).abs().max().item()
    record("adapter is not a no-op", moved > 1e-3, "max |adapter effect| %.3g" % moved)
    result["ok"] = all(c["ok"] for c in result["checks"].values())
    if out_json:
        json.dump(result, open(out_json, "w"), indent=1)
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
