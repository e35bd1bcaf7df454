"""Tiny Llama-3-style and Qwen3-style checkpoints made by transformers, a PEFT
LoRA adapter over the Llama, and their reference outputs (hf_reference.py),
all float32 on the CPU. The interop test regenerates them on every run with
the pinned versions of requirements.txt and checks the engine against them.

usage: make_hf_fixtures.py OUT_DIR
Writes OUT_DIR/{llama_tiny, llama_tiny_untied, qwen3_tiny, llama_tiny_lora}
and OUT_DIR/VERSIONS.json.
"""
import json
import os
import sys

import peft
import torch
import transformers
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM, Qwen3Config, Qwen3ForCausalLM

from hf_reference import reference_inputs, write_reference

VOCAB = 512


def randomise_norms(model):
    # Norm weights of ones would hide a missing multiply.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
    return model


def llama_config(tied=True):
    # GQA (4 heads, 2 KV heads) and llama3 rope scaling with a short original
    # context, so the scaled and unscaled frequencies both occur.
    return LlamaConfig(vocab_size=VOCAB, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                       num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                       max_position_embeddings=2048, rms_norm_eps=1e-5,
                       rope_parameters={"rope_type": "llama3", "rope_theta": 500000.0, "factor": 32.0,
                                        "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                        "original_max_position_embeddings": 64},
                       tie_word_embeddings=tied, bos_token_id=1, eos_token_id=2)


def qwen3_config():
    # head_dim 32 with hidden 64 and 4 heads: heads x head_dim != hidden.
    return Qwen3Config(vocab_size=VOCAB, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                       num_attention_heads=4, num_key_value_heads=2, head_dim=32,
                       max_position_embeddings=2048, rms_norm_eps=1e-6,
                       rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
                       tie_word_embeddings=True, bos_token_id=1, eos_token_id=2)


def save_with_reference(model, out, name):
    folder = os.path.join(out, name)
    model.save_pretrained(folder, safe_serialization=True)
    seqs, prompt = reference_inputs(VOCAB)
    write_reference(model, folder, seqs, prompt)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(1234)
    llama = randomise_norms(LlamaForCausalLM(llama_config()).float())
    save_with_reference(llama, out, "llama_tiny")
    save_with_reference(randomise_norms(LlamaForCausalLM(llama_config(tied=False)).float()), out,
                        "llama_tiny_untied")
    save_with_reference(randomise_norms(Qwen3ForCausalLM(qwen3_config()).float()), out, "qwen3_tiny")

    base = LlamaForCausalLM(llama_config()).float()
    base.load_state_dict(llama.state_dict())
    lora = get_peft_model(base, LoraConfig(
        r=4, lora_alpha=8, lora_dropout=0.0, bias="none", task_type="CAUSAL_LM",
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]))
    with torch.no_grad():  # B starts at zero; make the adapter matter
        for name, p in lora.named_parameters():
            if "lora_B" in name:
                p.copy_(0.05 * torch.randn_like(p))
    save_with_reference(lora, out, "llama_tiny_lora")

    with open(os.path.join(out, "VERSIONS.json"), "w") as f:
        json.dump({"torch": torch.__version__, "transformers": transformers.__version__,
                   "peft": peft.__version__}, f, indent=1)
    print("fixtures written to", out)


if __name__ == "__main__":
    main()
