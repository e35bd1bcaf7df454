// The SFT loop: batches from BatchPlan, forward/backward on the engine's
// Decoder, flat AdamW with the cosine schedule, crash-safe checkpoints.
#include "core/train/sft_trainer.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "core/decompose/seeded_rng.h"
#include "core/model/causal_lm.h"
#include "core/model/memory_estimate.h"
#include "core/model/torch_model.h"
#include "core/train/batch_plan.h"
#include "core/train/checkpoint_store.h"
#include "core/train/flat_adamw.h"
#include "core/train/gradient_reducer.h"
#include "core/train/lr_schedule.h"
#include "core/train/model_files.h"
#include "core/train/precision_scopes.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/heap_tuning.h"
#include "core/util/json_limits.h"

namespace fs = std::filesystem;

namespace ts::train {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// The memory check before training on CUDA: the whole run's estimate against
// what is free now plus the weights already loaded.
void requireTrainingMemory(const model::CausalLM& lm, const TrainingConfig& c, bool autocast) {
    const auto freeBytes = model::deviceFreeBytes(lm.deviceName());
    if (!freeBytes) return;
    const auto& d = lm.impl().decoder;
    model::TrainingShape shape;
    shape.weights = model::fromScalarType(d.dtype());
    shape.lora = c.lora.enabled;
    shape.loraRank = c.lora.r;
    shape.loraTargets = c.lora.targetModules;
    shape.bf16Activations = autocast || d.dtype() != at::kFloat;
    shape.microBatch = c.microBatchSize;
    shape.tokens = c.maxLength;
    const auto estimate = model::estimateTrainingMemory(lm.config(), shape);
    model::requireDeviceMemory(
        estimate, *freeBytes + estimate.weights, lm.deviceName(), "training",
        "lower --batch-size (activations grow with it; raise --grad-accum to keep the "
        "effective batch) or --max-length" +
            std::string(c.lora.enabled ? "" : ", or train a LoRA adapter instead of --full"));
}

// An out-of-memory error in the middle of training, as the user should read it.
Error outOfMemory(const TrainingConfig& c, std::int64_t stepsDone, const std::string& what) {
    return Error("out of device memory after " + std::to_string(stepsDone) +
                 " step(s): lower --batch-size (raise --grad-accum to keep the effective "
                 "batch) or --max-length; the last saved checkpoint is intact and training "
                 "resumes from it (" +
                 std::to_string(c.microBatchSize) + " x " + std::to_string(c.maxLength) +
                 " tokens per micro-batch now). " + what.substr(0, what.find('\n')));
}

model::AdapterConfig adapterConfigOf(const LoraSettings& l, const std::string& baseModel) {
    model::AdapterConfig a;
    a.r = l.r;
    a.loraAlpha = l.alpha;
    a.loraDropout = l.dropout;
    a.targetModules = l.targetModules;
    a.baseModelNameOrPath = baseModel;
    return a;
}

bool isNoDecay(const std::string& name, bool isNorm) {
    return isNorm || (name.size() >= 5 && name.compare(name.size() - 5, 5, ".bias") == 0);
}

std::vector<TrainableTensor> trainableTensors(model::Decoder& d, bool lora) {
    std::vector<TrainableTensor> out;
    if (lora) {
        for (auto& [module, l] : d.projections()) {
            if (!l->lora) continue;
            out.push_back({model::kPeftPrefix + module + ".lora_A.weight", &l->lora->a, true});
            out.push_back({model::kPeftPrefix + module + ".lora_B.weight", &l->lora->b, true});
        }
        if (out.empty()) throw Error("the adapter targets no projection of the model");
    } else {
        for (const auto& s : d.parameterSpecs())
            out.push_back({s.name, s.slot, !isNoDecay(s.name, s.isNorm)});
    }
    return out;
}

// One micro-batch: right-padded (pad id 0). Causal attention means real tokens
// never see the padding, so no attention mask is needed. Only the positions
// whose next token is labelled produce a loss; they are listed on the host
// (flat row b * T' + t - from predicts labels[b][t + 1]) so the device never
// has to be asked which ones they are. No position before `from` predicts a
// label in any row, so the last layer skips those queries (hiddenStates'
// lastLayerFrom): with the loss on the assistant turn, the prompt is most of
// a row.
struct MicroBatch {
    at::Tensor ids;           // [B, T]
    std::int64_t from = 0;    // first position whose final hidden state is needed
    at::Tensor predictRows;   // [N] int64, rows of the flattened [B * (T - from)] hidden states
    at::Tensor targets;       // [N] int64, the token each of those rows predicts
    std::int64_t tokens = 0;  // real (unpadded) tokens
};

// The first position (of any row) whose next token is labelled; 0 if none.
std::int64_t firstPredictingPosition(const std::vector<TokenizedRow>& rows,
                                     const std::vector<std::size_t>& picks) {
    std::int64_t first = -1;
    for (auto i : picks) {
        const auto& labels = rows[i].labels;
        for (std::size_t t = 1; t < labels.size(); ++t) {
            if (labels[t] == kIgnoreIndex) continue;
            const auto p = static_cast<std::int64_t>(t) - 1;
            if (first < 0 || p < first) first = p;
            break;
        }
    }
    return std::max<std::int64_t>(0, first);
}

// Host-to-device copies from pinned (page-locked) memory, asynchronous: the
// copy overlaps the host's work on the next micro-batch instead of staging
// through a pageable bounce buffer and blocking.
at::Tensor toDevice(const at::Tensor& host, at::Device device) {
    if (!device.is_cuda()) return host;
    return host.pin_memory().to(device, /*non_blocking=*/true);
}

MicroBatch makeMicroBatch(const std::vector<TokenizedRow>& rows,
                          const std::vector<std::size_t>& picks, at::Device device,
                          bool skipUnlabelledQueries = true) {
    std::size_t width = 0;
    for (auto i : picks) width = std::max(width, rows[i].ids.size());
    const auto B = static_cast<std::int64_t>(picks.size()), T = static_cast<std::int64_t>(width);
    auto ids = at::zeros({B, T}, at::kLong);
    auto* idp = ids.data_ptr<std::int64_t>();
    std::vector<std::int64_t> predictRows, targets;
    MicroBatch mb;
    mb.from = skipUnlabelledQueries ? firstPredictingPosition(rows, picks) : 0;
    const std::int64_t width2 = T - mb.from;
    for (std::int64_t b = 0; b < B; ++b) {
        const auto& r = rows[picks[static_cast<std::size_t>(b)]];
        std::copy(r.ids.begin(), r.ids.end(), idp + b * T);
        for (std::size_t t = 1; t < r.labels.size(); ++t) {
            if (r.labels[t] == kIgnoreIndex) continue;
            predictRows.push_back(b * width2 + static_cast<std::int64_t>(t) - 1 - mb.from);
            targets.push_back(r.labels[t]);
        }
        mb.tokens += static_cast<std::int64_t>(r.ids.size());
    }
    mb.ids = toDevice(ids, device);
    mb.predictRows = toDevice(at::tensor(predictRows, at::kLong), device);
    mb.targets = toDevice(at::tensor(targets, at::kLong), device);
    return mb;
}

std::vector<std::size_t> rowLengths(const std::vector<TokenizedRow>& rows) {
    std::vector<std::size_t> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.ids.size());
    return out;
}

// Labels that produce a loss (the first position is never predicted).
std::int64_t predictedTargets(const TokenizedRow& r) {
    std::int64_t n = 0;
    for (std::size_t i = 1; i < r.labels.size(); ++i) n += r.labels[i] != kIgnoreIndex;
    return n;
}

// Summed next-token cross-entropy (float32) of one micro-batch divided by the
// step's target count. The output layer runs on the labelled rows only: in SFT
// the prompt is most of each row, and for a small model the vocabulary
// projection and its softmax are a large share of the step. Per row this is
// the same arithmetic as projecting every position (the norm is per row).
at::Tensor stepLoss(const model::Decoder& d, const MicroBatch& mb, double denominator) {
    const auto hidden = d.hiddenStates(mb.ids, {}, mb.from);
    const auto rows = hidden.reshape({-1, hidden.size(2)}).index_select(0, mb.predictRows);
    const auto logits = d.logitsOf(rows).to(at::kFloat);
    return at::cross_entropy_loss(logits, mb.targets, {}, at::Reduction::Sum, kIgnoreIndex) /
           denominator;
}

// A run in which no row keeps a labelled token (every answer cut off by
// max_length, say) would "train" without a gradient: refuse it.
void requireSomeTargets(const TokenizedSet& data, const TrainingConfig& c) {
    for (const auto& r : data.rows)
        if (predictedTargets(r) > 0) return;
    throw Error("none of the " + std::to_string(data.rows.size()) +
                " training rows has a labelled token left" +
                (data.truncatedRows > 0
                     ? " after " + std::to_string(data.truncatedRows) + " were cut to max_length " +
                           std::to_string(c.maxLength) + ": raise --max-length"
                     : ""));
}

std::uint64_t fingerprint(const std::vector<TokenizedRow>& rows) {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&](std::int64_t v) {
        h ^= static_cast<std::uint64_t>(v);
        h *= 1099511628211ull;
    };
    for (const auto& r : rows) {
        mix(static_cast<std::int64_t>(r.ids.size()));
        for (auto v : r.ids) mix(v);
        for (auto v : r.labels) mix(v);
    }
    return h;
}

nlohmann::json recordJson(const StepRecord& r) {
    return {{"step", r.step},
            {"epoch", r.epoch},
            {"loss", r.loss},
            {"lr", r.learningRate},
            {"grad_norm", r.gradNorm},
            {"tokens", r.tokens},
            {"target_tokens", r.targetTokens},
            {"seconds", r.seconds}};
}

StepRecord recordFromJson(const nlohmann::json& j) {
    StepRecord r;
    r.step = j.at("step").get<std::int64_t>();
    r.epoch = j.at("epoch").get<int>();
    r.loss = j.at("loss").get<double>();
    r.learningRate = j.at("lr").get<double>();
    r.gradNorm = j.at("grad_norm").get<double>();
    r.tokens = j.at("tokens").get<std::int64_t>();
    r.targetTokens = j.at("target_tokens").get<std::int64_t>();
    r.seconds = j.at("seconds").get<double>();
    return r;
}

// The settings a resumed run must share with its checkpoint.
nlohmann::json resumeKey(const TrainingConfig& c, std::uint64_t dataFingerprint, std::size_t rows) {
    auto j = toJson(c);
    j.erase("save_steps");
    j.erase("save_total_limit");
    return {{"config", j}, {"data_fingerprint", std::to_string(dataFingerprint)}, {"rows", rows}};
}

std::string formatDuration(double s) {
    const auto total = static_cast<long long>(std::max(0.0, s) + 0.5);
    if (total >= 3600)
        return std::to_string(total / 3600) + "h " + std::to_string(total % 3600 / 60) + "m";
    if (total >= 60) return std::to_string(total / 60) + "m " + std::to_string(total % 60) + "s";
    return std::to_string(total) + "s";
}

// Writes the trainable state: the adapter (PEFT) or the full model (HF layout).
void writeWeights(model::CausalLM& lm, bool lora, const fs::path& dir, const TrainerPaths& paths) {
    if (lora) {
        lm.saveAdapter(dir);
    } else {
        lm.saveCheckpoint(dir, model::fromScalarType(lm.impl().decoder.dtype()));
        copyTokenizerFiles(paths.tokenizerDir, dir);
    }
}

class Loop {
public:
    Loop(model::CausalLM& lm, const TrainingConfig& c, const TrainerPaths& paths,
         const ProgressSink& progress, const StepCallback& onStep)
        : lm_(lm),
          d_(lm.impl().decoder),
          c_(c),
          paths_(paths),
          progress_(progress),
          onStep_(onStep),
          store_(paths.outputDir / "checkpoints") {}

    TrainingResult run(const TokenizedSet& input) {
        validate(c_);
        const TokenizedSet packed = c_.packing ? packRows(input, c_.maxLength) : TokenizedSet{};
        const TokenizedSet& data = c_.packing ? packed : input;
        rows_ = &data.rows;
        requireSomeTargets(data, c_);
        BatchPlan plan(data.rows.size(), c_.microBatchSize, c_.gradientAccumulation, c_.epochs,
                       c_.dataSeed,
                       c_.groupByLength ? rowLengths(data.rows) : std::vector<std::size_t>{});
        const CosineSchedule schedule(c_.learningRate, plan.totalSteps(), c_.warmupRatio);
        key_ = resumeKey(c_, fingerprint(data.rows), data.rows.size());

        result_.lora = c_.lora.enabled;
        result_.rows = static_cast<std::int64_t>(data.rows.size());
        result_.truncatedRows = input.truncatedRows;
        result_.totalSteps = plan.totalSteps();
        if (paths_.distributed)
            reducer_ = std::make_unique<GradientReducer>(*paths_.distributed, d_.device());

        lm_.impl().session.reset();
        if (writer()) store_.removeIncomplete();
        const auto latest = store_.latestComplete();
        if (latest)
            restoreWeights(*latest);
        else if (c_.lora.enabled)
            lm_.addAdapter(adapterConfigOf(c_.lora, paths_.baseModelName), c_.seed);

        // Before the gradients and AdamW's moments are allocated: the estimate
        // counts them as still to come.
        autocast_ = autocastDevice(c_, d_);
        requireTrainingMemory(lm_, c_, autocast_.has_value());
        FlatParameters params(trainableTensors(d_, c_.lora.enabled));
        FlatAdamW adamw(params, {c_.adamBeta1, c_.adamBeta2, c_.adamEpsilon, c_.weightDecay});
        std::int64_t step = 0;
        if (latest) {
            adamw.load(latest->dir / "optimizer.safetensors");
            for (const auto& r : latest->state.at("history"))
                result_.history.push_back(recordFromJson(r));
            step = latest->step;
            result_.resumedFromStep = step;
        }
        std::int64_t saved = step;
        const auto started = Clock::now();
        d_.training = true;
        const Tf32Scope tf32(d_);
        try {
            for (; step < plan.totalSteps(); ++step) {
                const auto batches = plan.step(step);
                StepRecord rec = runStep(params, adamw, batches, schedule.rate(step), step);
                result_.history.push_back(rec);
                result_.tokens += rec.tokens;
                if (onStep_) onStep_(rec, plan.totalSteps());
                const bool last = step + 1 == plan.totalSteps();
                if (!last && c_.saveEverySteps > 0 && (step + 1) % c_.saveEverySteps == 0) {
                    save(step + 1, rec.epoch, params, adamw);
                    saved = step + 1;
                }
                reportProgress(rec, plan.totalSteps(), started);
            }
        } catch (const Cancelled&) {
            // Steps are applied atomically (a cancel inside a step drops its
            // partial gradients), so `step` counts the completed ones.
            const std::int64_t done = static_cast<std::int64_t>(result_.history.size());
            if (done > saved) save(done, result_.history.back().epoch, params, adamw);
            finishTraining(params);
            throw;
        } catch (const c10::OutOfMemoryError& e) {
            // Nothing is saved here: a half-applied step is not a state to
            // resume from, so the last complete checkpoint stays the latest.
            finishTraining(params);
            throw outOfMemory(c_, static_cast<std::int64_t>(result_.history.size()), e.what());
        } catch (...) {
            finishTraining(params);
            throw;
        }
        finishTraining(params);
        result_.seconds = secondsSince(started);
        result_.steps = plan.totalSteps();
        writeFinal();
        return result_;
    }

private:
    void finishTraining(FlatParameters& params) {
        d_.training = false;
        params.release();
        lm_.impl().session.reset();
    }

    // Rank 0 (or the only process) writes checkpoints, the final folder and result.json.
    bool writer() const { return !reducer_ || reducer_->env().rank == 0; }

    // Data-parallel: micro-batch k of a step is this rank's when k mod N is its rank.
    bool mine(std::size_t k) const {
        return !reducer_ ||
               static_cast<int>(k % static_cast<std::size_t>(reducer_->env().worldSize)) ==
                   reducer_->env().rank;
    }

    // Sums the step's gradients and its (loss, tokens) across the ranks.
    void reduceStep(FlatParameters& params, at::Tensor& lossSum, std::int64_t& tokens) {
        if (!reducer_) return;
        at::NoGradGuard noGrad;
        // On the training device: NCCL sums device tensors only.
        const auto onDevice = at::TensorOptions(at::kDouble).device(d_.device());
        auto stats = at::stack(
            {lossSum.defined() ? lossSum.detach().to(at::kDouble) : at::zeros({}, onDevice),
             at::scalar_tensor(static_cast<double>(tokens), onDevice)});
        std::vector<at::Tensor> tensors;
        for (auto& g : params.groups()) tensors.push_back(g.grad);
        tensors.push_back(stats);
        reducer_->sum(tensors);
        lossSum = tensors.back()[0].to(at::kFloat);
        tokens = static_cast<std::int64_t>(tensors.back()[1].item<double>());
    }

    StepRecord runStep(FlatParameters& params, FlatAdamW& adamw, const StepBatches& batches,
                       double lr, std::int64_t step) {
        const auto t0 = Clock::now();
        std::int64_t targets = 0;
        for (const auto& mb : batches.micro)
            for (auto i : mb) targets += predictedTargets((*rows_)[i]);
        StepRecord rec;
        rec.step = step + 1;
        rec.epoch = batches.epoch;
        rec.learningRate = lr;
        rec.targetTokens = targets;
        params.zeroGrad();
        // Summed on the device: one host read per step, not one per micro-batch.
        at::Tensor lossSum;
        for (std::size_t k = 0; k < batches.micro.size(); ++k) {
            progress_.checkCancelled();
            if (!mine(k)) continue;
            // Dropout draws depend only on (seed, step, micro-batch): resuming
            // repeats them, and so does any number of data-parallel ranks.
            at::manual_seed(c_.seed * 0x9E3779B97F4A7C15ull +
                            static_cast<std::uint64_t>(step) * 0x10001ull + k + 1);
            const auto mb = makeMicroBatch(*rows_, batches.micro[k], d_.device());
            rec.tokens += mb.tokens;
            if (mb.targets.numel() == 0) continue;
            at::Tensor loss;
            {
                const AutocastScope autocast(autocast_);
                loss = stepLoss(d_, mb, static_cast<double>(targets));
            }
            loss.backward();
            lossSum = lossSum.defined() ? lossSum + loss.detach() : loss.detach();
        }
        reduceStep(params, lossSum, rec.tokens);
        const auto norm = params.clipGradNormTensor(c_.maxGradNorm);
        if (targets > 0) adamw.step(lr);
        // The step's one host read: loss and gradient norm together, after the
        // update was queued.
        const auto logged =
            at::stack({lossSum.defined() ? lossSum.to(at::kFloat) : at::zeros_like(norm), norm})
                .to(at::kCPU, at::kDouble);
        rec.loss = logged[0].item<double>();
        rec.gradNorm = logged[1].item<double>();
        rec.seconds = secondsSince(t0);
        return rec;
    }

    void reportProgress(const StepRecord& rec, std::int64_t total, Clock::time_point started) {
        const double elapsed = secondsSince(started);
        const auto doneHere = static_cast<double>(rec.step - result_.resumedFromStep);
        const double eta =
            elapsed / std::max(1.0, doneHere) * static_cast<double>(total - rec.step);
        const double tps = elapsed > 0 ? static_cast<double>(result_.tokens) / elapsed : 0.0;
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "step %lld/%lld, epoch %d/%d, loss %.4f, %.0f tokens/s, ETA %s",
                      static_cast<long long>(rec.step), static_cast<long long>(total),
                      rec.epoch + 1, c_.epochs, rec.loss, tps, formatDuration(eta).c_str());
        progress_.report(static_cast<double>(rec.step) / static_cast<double>(total), buf);
    }

    void restoreWeights(const CheckpointInfo& ckpt) {
        if (ckpt.state.value("resume_key", nlohmann::json()) != key_)
            throw Error(
                "the checkpoint was made with other settings or data; delete the folder or use "
                "another "
                "output folder",
                {(ckpt.dir / "trainer_state.json").string(), 0, "resume_key"});
        if (c_.lora.enabled) {
            lm_.loadAdapter(ckpt.dir / "adapter", model::LoraMode::Unmerged);
        } else {
            at::NoGradGuard noGrad;
            const auto dir = ckpt.dir / "model";
            model::loadWeights(d_, model::CheckpointFiles::open(dir), dir.string());
        }
    }

    nlohmann::json stateJson(int epoch) const {
        nlohmann::json history = nlohmann::json::array();
        for (const auto& r : result_.history) history.push_back(recordJson(r));
        return {
            {"epoch", epoch},
            {"total_steps", result_.totalSteps},
            {"lora", c_.lora.enabled},
            {"resume_key", key_},
            {"history", history},
            {"rng",
             "dropout reseeded every step from (seed, step); batch order from (data_seed, epoch)"}};
    }

    void save(std::int64_t step, int epoch, FlatParameters&, FlatAdamW& adamw) {
        if (!writer()) return;
        const auto tmp = store_.beginWrite(step);
        writeWeights(lm_, c_.lora.enabled, tmp / (c_.lora.enabled ? "adapter" : "model"), paths_);
        adamw.save(tmp / "optimizer.safetensors");
        store_.commit(tmp, step, stateJson(epoch));
        store_.prune(c_.keepCheckpoints);
    }

    void writeFinal() {
        if (!writer()) {
            result_.finalDir = paths_.outputDir / "final";  // rank 0's
            return;
        }
        fs::create_directories(paths_.outputDir);
        const auto staged = paths_.outputDir / ".tmp-final";
        fs::remove_all(staged);
        writeWeights(lm_, c_.lora.enabled, staged, paths_);
        syncTree(staged);
        const auto finalDir = paths_.outputDir / "final";
        replaceFolder(staged, finalDir);
        result_.finalDir = finalDir;
        writeFileAtomic(paths_.outputDir / "result.json", toJson(result_).dump(1));
        // The final folder supersedes the trainer state.
        std::error_code ec;
        fs::remove_all(store_.root(), ec);
    }

    model::CausalLM& lm_;
    model::Decoder& d_;
    const TrainingConfig& c_;
    const TrainerPaths& paths_;
    const ProgressSink& progress_;
    const StepCallback& onStep_;
    CheckpointStore store_;
    const std::vector<TokenizedRow>* rows_ = nullptr;
    std::optional<at::DeviceType> autocast_;  // set per run (autocastDevice)
    std::unique_ptr<GradientReducer> reducer_;  // data-parallel runs only
    nlohmann::json key_;
    TrainingResult result_;
};

}  // namespace

nlohmann::json toJson(const TrainingResult& r) {
    nlohmann::json history = nlohmann::json::array();
    for (const auto& s : r.history) history.push_back(recordJson(s));
    return {{"steps", r.steps},
            {"total_steps", r.totalSteps},
            {"lora", r.lora},
            {"rows", r.rows},
            {"truncated_rows", r.truncatedRows},
            {"resumed_from_step", r.resumedFromStep},
            {"final_dir", r.finalDir.string()},
            {"seconds", r.seconds},
            {"tokens", r.tokens},
            {"history", history}};
}

TrainingResult trainingResultFromJson(const nlohmann::json& j, const std::string& where) {
    try {
        TrainingResult r;
        r.steps = j.at("steps").get<std::int64_t>();
        r.totalSteps = j.at("total_steps").get<std::int64_t>();
        r.lora = j.at("lora").get<bool>();
        r.rows = j.at("rows").get<std::int64_t>();
        r.truncatedRows = j.at("truncated_rows").get<std::int64_t>();
        r.resumedFromStep = j.at("resumed_from_step").get<std::int64_t>();
        r.finalDir = j.at("final_dir").get<std::string>();
        r.seconds = j.at("seconds").get<double>();
        r.tokens = j.at("tokens").get<std::int64_t>();
        for (const auto& s : j.at("history")) r.history.push_back(recordFromJson(s));
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed training result: ") + e.what(), {where});
    }
}

std::optional<TrainingResult> finishedTraining(const fs::path& outputDir) {
    const auto file = outputDir / "result.json";
    if (!fs::is_regular_file(file) || !fs::is_directory(outputDir / "final")) return std::nullopt;
    auto r = trainingResultFromJson(
        parseJsonChecked(readFile(file, kConfigFileLimit), file.string()), file.string());
    r.finalDir = outputDir / "final";
    r.alreadyFinished = true;
    return r;
}

TrainingResult trainSft(model::CausalLM& lm, const TokenizedSet& data, const TrainingConfig& config,
                        const TrainerPaths& paths, const ProgressSink& progress,
                        const StepCallback& onStep) {
    if (auto done = finishedTraining(paths.outputDir)) return *done;
    TrainingResult result;
    {
        Loop loop(lm, config, paths, progress, onStep);
        result = loop.run(data);
    }
    releaseFreedMemory();  // the activations' heap, kept for reuse while training
    return result;
}

StepBenchmark benchmarkTrainingStep(model::CausalLM& lm, const TrainingConfig& c,
                                    const std::vector<TokenizedRow>& rows, int warmup, int steps,
                                    std::uint64_t seed, bool skipUnlabelledQueries) {
    if (rows.empty()) throw Error("the benchmark batch is empty");
    auto& d = lm.impl().decoder;
    lm.impl().session.reset();
    if (c.lora.enabled && !lm.hasAdapter()) lm.addAdapter(adapterConfigOf(c.lora, ""), seed);
    FlatParameters params(trainableTensors(d, c.lora.enabled));
    FlatAdamW adamw(params, {c.adamBeta1, c.adamBeta2, c.adamEpsilon, c.weightDecay});
    std::vector<std::size_t> all(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) all[i] = i;
    const MicroBatch mb = makeMicroBatch(rows, all, d.device(), skipUnlabelledQueries);
    std::int64_t targets = 0;
    for (const auto& r : rows) targets += predictedTargets(r);
    StepBenchmark out;
    out.batch = mb.ids.size(0);
    out.seq = mb.ids.size(1);
    out.lora = c.lora.enabled;
    out.trainableParameters = params.numel();
    d.training = true;
    {
        const Tf32Scope tf32(d);
        const auto autocast = autocastDevice(c, d);
        for (int i = 0; i < warmup + steps; ++i) {
            at::manual_seed(seed + static_cast<std::uint64_t>(i));
            const auto t0 = Clock::now();
            params.zeroGrad();
            at::Tensor loss;
            {
                const AutocastScope scope(autocast);
                loss = stepLoss(d, mb, static_cast<double>(std::max<std::int64_t>(1, targets)));
            }
            loss.backward();
            params.clipGradNorm(c.maxGradNorm);
            adamw.step(c.learningRate);
            const double lossValue = loss.item<double>();
            // Reading a weight back waits for the device to finish the update.
            (void)params.groups().front().data.narrow(0, 0, 1).item<double>();
            const double s = secondsSince(t0);
            if (i == 0) out.lossFirst = lossValue;
            out.lossLast = lossValue;
            if (i >= warmup) out.stepSeconds.push_back(s);
        }
    }
    d.training = false;
    params.release();
    lm.impl().session.reset();
    auto sorted = out.stepSeconds;
    std::sort(sorted.begin(), sorted.end());
    out.medianSeconds = sorted.empty() ? 0.0 : sorted[sorted.size() / 2];
    out.tokensPerSecond =
        out.medianSeconds > 0 ? static_cast<double>(out.batch * out.seq) / out.medianSeconds : 0.0;
    return out;
}

std::vector<TokenizedRow> randomBenchmarkBatch(std::int64_t batch, std::int64_t seq,
                                               std::int64_t vocab, std::uint64_t seed) {
    SeededRng rng(seed);
    const std::int64_t hi = std::min<std::int64_t>(1000, vocab) - 1;
    std::vector<TokenizedRow> rows(static_cast<std::size_t>(batch));
    for (auto& r : rows) {
        for (std::int64_t t = 0; t < seq; ++t) {
            const auto v = rng.between(std::min<std::int64_t>(10, hi), hi);
            r.ids.push_back(v);
            r.labels.push_back(t < seq / 2 ? kIgnoreIndex : v);
        }
    }
    return rows;
}

}  // namespace ts::train
