#include "core/jobs/progress.h"

#include <algorithm>

#include "core/util/error.h"

namespace ts {

ProgressSink::ProgressSink(ProgressCallback callback, CancelToken cancel)
    : callback_(std::move(callback)), cancel_(std::move(cancel)) {}

void ProgressSink::report(double fraction, const std::string& message) const {
    checkCancelled();
    if (callback_) {
        const double f = from_ + (to_ - from_) * std::clamp(fraction, 0.0, 1.0);
        if (!callback_(Progress{f, message})) {
            cancel_.request();
            throw Cancelled();
        }
    }
}

void ProgressSink::checkCancelled() const {
    if (cancel_.requested()) throw Cancelled();
}

bool ProgressSink::cancelled() const { return cancel_.requested(); }

ProgressSink ProgressSink::stage(double from, double to) const {
    ProgressSink s = *this;
    s.from_ = from_ + (to_ - from_) * from;
    s.to_ = from_ + (to_ - from_) * to;
    return s;
}

}  // namespace ts
