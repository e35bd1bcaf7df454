"""The transformers + peft baseline of bench_train: what a user of the Hugging
Face stack would run. The same checkpoint (loaded by LlamaForCausalLM), the same
batch, peft LoRA on the seven projections (r, alpha 2r, dropout 0) or full
fine-tuning, torch.optim.AdamW and clip_grad_norm_ as the Trainer uses them,
float32 on the CPU with the same thread count. Needs the Python environment of
scripts/torch2_env.sh (tests/interop/requirements.txt).

usage: bench_train_hf.py MODEL_DIR BATCH_JSON --steps N --warmup N --threads N [--lora R]
Prints one JSON object: per-step seconds, median, tokens/s, first and last loss.
"""
import argparse
import json
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("batch")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--lora", type=int, default=0)
    ap.add_argument("--lr", type=float, default=1e-4)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    import peft
    import transformers
    from transformers import AutoModelForCausalLM
    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32, attn_implementation="sdpa")
    if a.lora:
        from peft import LoraConfig, get_peft_model
        model = get_peft_model(model, LoraConfig(
            r=a.lora, lora_alpha=2 * a.lora, lora_dropout=0.0, bias="none", task_type="CAUSAL_LM",
            target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]))
    batch = json.load(open(a.batch))
    ids = torch.tensor(batch["ids"], dtype=torch.int64)
    labels = torch.tensor(batch["labels"], dtype=torch.int64)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.0)
    model.train()
    times, losses = [], []
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        loss = model(input_ids=ids, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.item())
        dt = time.perf_counter() - t0
        if i >= a.warmup:
            times.append(dt)
    med = sorted(times)[len(times) // 2]
    print(json.dumps({"torch": torch.__version__, "transformers": transformers.__version__,
                      "peft": peft.__version__, "threads": torch.get_num_threads(),
                      "step_seconds": times, "median_s": med, "tokens_per_s": ids.numel() / med,
                      "loss_first": losses[0], "loss_last": losses[-1],
                      "trainable": sum(p.numel() for p in params)}))


if __name__ == "__main__":
    main()
