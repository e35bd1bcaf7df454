"""The training half of ../shared/bench/hf_bench.py, for runs that have no time
for its generation benchmarks: the same model configs, LoRA config and
measurement (bf16 random weights, batch 8 x 512, labels masked on the first
half, torch.optim.AdamW, 7 steps, median of the last 5), written to the same
JSON layout ({"<shape>": {"train_lora": {...}, "train_full": {...}}}).

usage: hf_train_bench.py OUT.json [--shapes llama-3.2-1b,qwen3-1.7b]
"""
import json
import sys
import time

import torch
from transformers import LlamaConfig, LlamaForCausalLM, Qwen3Config, Qwen3ForCausalLM


def sync():
    torch.cuda.synchronize()


def bench_train(model, batch, seq, lora):
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4)
    ids = torch.randint(10, 1000, (batch, seq), device="cuda")
    labels = ids.clone()
    labels[:, : seq // 2] = -100
    model.train()
    times = []
    torch.cuda.reset_peak_memory_stats()
    for _ in range(7):
        sync()
        t = time.perf_counter()
        loss = model(input_ids=ids, labels=labels).loss
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        sync()
        times.append(time.perf_counter() - t)
    st = sorted(times[2:])[len(times[2:]) // 2]
    model.eval()
    return {"batch": batch, "seq": seq, "lora": lora, "median_step_s": st, "train_tokens_per_s": batch * seq / st,
            "peak_mem_gib": torch.cuda.max_memory_allocated() / 2**30}


CONFIGS = {
    "llama-3.2-1b": lambda: LlamaConfig(vocab_size=128256, hidden_size=2048, intermediate_size=8192,
                                        num_hidden_layers=16, num_attention_heads=32, num_key_value_heads=8,
                                        head_dim=64, max_position_embeddings=131072, rms_norm_eps=1e-5,
                                        rope_theta=500000.0, tie_word_embeddings=True,
                                        rope_scaling={"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                                                      "high_freq_factor": 4.0,
                                                      "original_max_position_embeddings": 8192}),
    "qwen3-1.7b": lambda: Qwen3Config(vocab_size=151936, hidden_size=2048, intermediate_size=6144,
                                      num_hidden_layers=28, num_attention_heads=16, num_key_value_heads=8,
                                      head_dim=128, max_position_embeddings=40960, rms_norm_eps=1e-6,
                                      rope_theta=1000000.0, tie_word_embeddings=True),
}


def main():
    out = sys.argv[1]
    shapes = sys.argv[sys.argv.index("--shapes") + 1].split(",") if "--shapes" in sys.argv else list(CONFIGS)
    res = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "source": "hf_train_bench.py"}
    from peft import LoraConfig, get_peft_model
    for name in shapes:
        r = {}
        try:
            with torch.device("cuda"):
                cls = LlamaForCausalLM if "llama" in name else Qwen3ForCausalLM
                model = cls(CONFIGS[name]()).to(torch.bfloat16)
            r["attn_impl"] = getattr(model.config, "_attn_implementation", None)
            pm = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, task_type="CAUSAL_LM",
                                                  target_modules=["q_proj", "k_proj", "v_proj", "o_proj",
                                                                  "gate_proj", "up_proj", "down_proj"]))
            r["train_lora"] = bench_train(pm, 8, 512, True)
            model = pm.unload()
            for p in model.parameters():
                p.requires_grad_(True)
            r["train_full"] = bench_train(model, 8, 512, False)
            del model, pm
            torch.cuda.empty_cache()
        except Exception as e:
            r["error"] = repr(e)
        res[name] = r
        with open(out, "w") as f:
            json.dump(res, f, indent=1)
        print(name, json.dumps(r))


if __name__ == "__main__":
    main()
