#pragma once
// Which rows go into which optimizer step: every epoch shuffles the row order
// with its own seeded stream (dataSeed, epoch), cuts it into micro-batches and
// groups `accumulation` micro-batches into one optimizer step; the last group
// of an epoch may be shorter (the Trainer steps on it too). A pure function of
// its inputs, so a resumed run sees exactly the batches it would have seen.
#include <cstdint>
#include <vector>

namespace ts::train {

struct StepBatches {
    int epoch = 0;                                 // 0-based
    std::vector<std::vector<std::size_t>> micro;   // row indices per micro-batch
};

class BatchPlan {
public:
    BatchPlan(std::size_t rows, int microBatchSize, int accumulation, int epochs,
              std::uint64_t dataSeed);

    std::int64_t stepsPerEpoch() const { return stepsPerEpoch_; }
    std::int64_t totalSteps() const { return stepsPerEpoch_ * epochs_; }
    // The micro-batches of optimizer step k (0-based, k < totalSteps()).
    StepBatches step(std::int64_t k) const;
    // The row order of one epoch.
    std::vector<std::size_t> epochOrder(int epoch) const;

private:
    std::size_t rows_;
    int micro_, accumulation_, epochs_;
    std::uint64_t seed_;
    std::int64_t microPerEpoch_ = 0;
    std::int64_t stepsPerEpoch_ = 0;
};

}  // namespace ts::train
