#pragma once
// Progress and cancellation for long work (loading, scoring, training,
// generation). Two channels, as in hotspot/heaptrack: a fraction for the bar
// and a human message for the label. Cancellation is cooperative: workers call
// report()/checkCancelled() every batch and unwind with ts::Cancelled.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace ts {

struct Progress {
    double fraction = 0.0;  // 0..1 of the whole job
    std::string message;    // what is happening now, for people
};

// Called from the worker thread; returning false asks the worker to stop
// (the llama.cpp progress-callback convention).
using ProgressCallback = std::function<bool(const Progress&)>;

// A shared flag a controller sets and workers poll.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void request() const { flag_->store(true, std::memory_order_relaxed); }
    bool requested() const { return flag_->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

// What a worker holds: reports progress, maps sub-stages onto a sub-range of
// the bar, and throws ts::Cancelled once cancellation was requested.
class ProgressSink {
public:
    ProgressSink() = default;
    ProgressSink(ProgressCallback callback, CancelToken cancel = {});

    // Reports the fraction (0..1 of this sink's range); throws ts::Cancelled
    // when the callback returns false or the token was set.
    void report(double fraction, const std::string& message) const;
    void checkCancelled() const;
    bool cancelled() const;

    // A sink whose 0..1 maps onto [from, to] of this one (for job stages).
    ProgressSink stage(double from, double to) const;

private:
    ProgressCallback callback_;
    CancelToken cancel_;
    double from_ = 0.0;
    double to_ = 1.0;
};

}  // namespace ts
