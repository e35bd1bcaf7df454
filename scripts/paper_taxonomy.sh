#!/bin/sh
# The error taxonomy of the paper's runs in ../shared/data (docs/analysis.md):
# imports the 4 CoTempQA adapters and the 6 bAbI adapters (the four trace
# adapters and the two vanilla ones) into one project with tracescope-cli
# import, as tests/store/test_store_import_data pairs them, then writes the
# taxonomy of every run (Markdown and JSON), the trace runs of each dataset
# pooled, and correct versus perturbed traces per model compared.
#
#   scripts/paper_taxonomy.sh CLI SHARED_DATA OUT_DIR
set -eu
cli=$1
data=$2
out=$3
mkdir -p "$out"
project="$out/paper.tsproj"
rm -f "$project" "$project-wal" "$project-shm"

gold_folder() {
    case $1 in
        *perturbed*) echo sft_dataset_reasoning_facts_perturbed_chat_template ;;
        *) echo sft_dataset_reasoning_with_facts_chat_template ;;
    esac
}

import_cotempqa() {  # RUN ADAPTER
    g=$(gold_folder "$2")
    pairs=""
    for cls in equal overlap during mix; do
        pairs="$pairs --pair $data/trace_check_qa_results/evaluation_outputs/$cls/$2.json:$data/cotempqa/$g/${cls}_test.csv"
    done
    # shellcheck disable=SC2086
    "$cli" import --project "$project" --format trace-check-qa --dataset cotempqa --run "$1" \
        --checkpoint "$2" $pairs >/dev/null
}

import_babi() {  # RUN ADAPTER
    g=$(gold_folder "$2")
    "$cli" import --project "$project" --format trace-check-qa --dataset babi --run "$1" \
        --checkpoint "$2" \
        --pair "$data/trace_check_qa_babiqa/results/Babiqa/evaluation_outputs/$2.json:$data/trace_check_qa_babiqa/data/babiqa/$g/test.csv" \
        >/dev/null
}

for model in llama qwen; do
    case $model in
        llama) stem=Llama-3.2-1B-Instruct-sft-adapter ;;
        qwen) stem=Qwen3-1.7B-sft-adapter ;;
    esac
    import_cotempqa "cotempqa-$model-facts" "$stem-reasoning-facts_default"
    import_cotempqa "cotempqa-$model-perturbed" "$stem-reasoning-facts-perturbed_default"
    import_babi "babi-$model-facts" "$stem-reasoning-facts_default"
    import_babi "babi-$model-perturbed" "$stem-reasoning-facts-perturbed_default"
    import_babi "babi-$model-vanilla" "${stem}_default"
done

for rule in strict legacy; do
    for run in cotempqa-llama-facts cotempqa-llama-perturbed cotempqa-qwen-facts \
        cotempqa-qwen-perturbed babi-llama-facts babi-llama-perturbed babi-qwen-facts \
        babi-qwen-perturbed babi-llama-vanilla babi-qwen-vanilla; do
        for format in markdown json; do
            "$cli" taxonomy --project "$project" --run "$run" --rule "$rule" --format "$format" \
                >"$out/$run.$rule.$format"
        done
    done
done
for d in cotempqa babi; do
    for format in markdown json; do
        "$cli" taxonomy --project "$project" --run "$d-llama-facts" --run "$d-llama-perturbed" \
            --run "$d-qwen-facts" --run "$d-qwen-perturbed" --format "$format" \
            >"$out/$d-pooled.strict.$format"
        for model in llama qwen; do
            "$cli" taxonomy --project "$project" --run "$d-$model-facts" \
                --run "$d-$model-perturbed" --format "$format" \
                >"$out/$d-$model-facts-vs-perturbed.strict.$format"
        done
    done
done
echo "wrote $out"
