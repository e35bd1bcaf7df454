#include "core/train/batch_plan.h"

#include <algorithm>
#include <numeric>

#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"

namespace ts::train {

namespace {

// transformers' LengthGroupedSampler: mega-batches of 50 micro-batches.
constexpr std::size_t kMicroBatchesPerGroup = 50;

}  // namespace

BatchPlan::BatchPlan(std::size_t rows, int microBatchSize, int accumulation, int epochs,
                     std::uint64_t dataSeed, std::vector<std::size_t> groupLengths)
    : rows_(rows),
      micro_(microBatchSize),
      accumulation_(accumulation),
      epochs_(epochs),
      seed_(dataSeed),
      lengths_(std::move(groupLengths)) {
    if (rows == 0) throw Error("the training set is empty");
    if (!lengths_.empty() && lengths_.size() != rows)
        throw Error("length grouping needs one length per row");
    if (microBatchSize < 1 || accumulation < 1 || epochs < 1)
        throw Error("batch size, accumulation and epochs must be at least 1");
    microPerEpoch_ = static_cast<std::int64_t>((rows + static_cast<std::size_t>(micro_) - 1) /
                                               static_cast<std::size_t>(micro_));
    stepsPerEpoch_ = (microPerEpoch_ + accumulation_ - 1) / accumulation_;
}

std::vector<std::size_t> BatchPlan::epochOrder(int epoch) const {
    std::vector<std::size_t> order(rows_);
    std::iota(order.begin(), order.end(), std::size_t{0});
    SeededRng rng(seed_ * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(epoch) + 1);
    rng.shuffle(order);
    if (lengths_.empty()) return order;
    return groupedByLength(std::move(order), epoch);
}

std::vector<std::size_t> BatchPlan::groupedByLength(std::vector<std::size_t> order,
                                                    int epoch) const {
    const auto micro = static_cast<std::size_t>(micro_);
    const std::size_t group = micro * kMicroBatchesPerGroup;
    for (std::size_t begin = 0; begin < rows_; begin += group) {
        const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto last =
            order.begin() + static_cast<std::ptrdiff_t>(std::min(rows_, begin + group));
        std::stable_sort(first, last,
                         [&](std::size_t a, std::size_t b) { return lengths_[a] > lengths_[b]; });
    }
    // Shuffle the full micro-batches among themselves; a short last one stays
    // last, where step() expects it.
    std::vector<std::size_t> batches(rows_ / micro);
    std::iota(batches.begin(), batches.end(), std::size_t{0});
    SeededRng rng(seed_ * 0xD1B54A32D192ED03ull + static_cast<std::uint64_t>(epoch) + 1);
    rng.shuffle(batches);
    std::vector<std::size_t> out;
    out.reserve(rows_);
    for (auto b : batches)
        out.insert(out.end(), order.begin() + static_cast<std::ptrdiff_t>(b * micro),
                   order.begin() + static_cast<std::ptrdiff_t>((b + 1) * micro));
    out.insert(out.end(), order.begin() + static_cast<std::ptrdiff_t>(batches.size() * micro),
               order.end());
    return out;
}

StepBatches BatchPlan::step(std::int64_t k) const {
    if (k < 0 || k >= totalSteps())
        throw Error("optimizer step " + std::to_string(k) + " is out of range");
    StepBatches out;
    out.epoch = static_cast<int>(k / stepsPerEpoch_);
    const auto order = epochOrder(out.epoch);
    const std::int64_t firstMicro = (k % stepsPerEpoch_) * accumulation_;
    for (std::int64_t m = firstMicro; m < std::min(firstMicro + accumulation_, microPerEpoch_);
         ++m) {
        const std::size_t begin = static_cast<std::size_t>(m) * static_cast<std::size_t>(micro_);
        const std::size_t end = std::min(rows_, begin + static_cast<std::size_t>(micro_));
        out.micro.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(begin),
                               order.begin() + static_cast<std::ptrdiff_t>(end));
    }
    return out;
}

}  // namespace ts::train
