#pragma once
// Which rows go into which optimizer step: every epoch shuffles the row order
// with its own seeded stream (dataSeed, epoch), cuts it into micro-batches and
// groups `accumulation` micro-batches into one optimizer step; the last group
// of an epoch may be shorter (the Trainer steps on it too). A pure function of
// its inputs, so a resumed run sees exactly the batches it would have seen.
//
// Given the rows' lengths, it groups by length as transformers'
// LengthGroupedSampler does: the shuffled order is cut into mega-batches of
// 50 micro-batches, each sorted by length (longest first), so a micro-batch
// holds rows of similar length and pads little; then the micro-batches of the
// epoch are shuffled again, so the step order stays random.
#include <cstdint>
#include <vector>

namespace ts::train {

struct StepBatches {
    int epoch = 0;                                // 0-based
    std::vector<std::vector<std::size_t>> micro;  // row indices per micro-batch
};

class BatchPlan {
public:
    BatchPlan(std::size_t rows, int microBatchSize, int accumulation, int epochs,
              std::uint64_t dataSeed, std::vector<std::size_t> groupLengths = {});

    std::int64_t stepsPerEpoch() const { return stepsPerEpoch_; }
    std::int64_t totalSteps() const { return stepsPerEpoch_ * epochs_; }
    // The micro-batches of optimizer step k (0-based, k < totalSteps()).
    StepBatches step(std::int64_t k) const;
    // The row order of one epoch (consecutive runs of microBatchSize rows
    // are its micro-batches).
    std::vector<std::size_t> epochOrder(int epoch) const;

private:
    std::size_t rows_;
    int micro_, accumulation_, epochs_;
    std::uint64_t seed_;
    std::vector<std::size_t> lengths_;  // empty: no grouping

    std::vector<std::size_t> groupedByLength(std::vector<std::size_t> order, int epoch) const;
    std::int64_t microPerEpoch_ = 0;
    std::int64_t stepsPerEpoch_ = 0;
};

}  // namespace ts::train
