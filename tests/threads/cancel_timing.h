#pragma once
// Measures how fast a job honours cancellation: the work runs on its own
// thread with a ProgressSink; once it has reported progress (it is busy) and
// a little more time has passed, the controller sets the CancelToken and
// times how long the worker takes to unwind with ts::Cancelled.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>

#include "core/jobs/progress.h"
#include "core/util/error.h"

namespace ts::test {

struct CancelTiming {
    bool cancelled = false;        // the worker ended with ts::Cancelled
    bool finishedFirst = false;    // the work ended before cancel was requested (too small)
    std::string error;             // any other exception
    double busyMs = 0.0;           // from start until the cancel request
    double latencyMs = 0.0;        // from the request until the worker had unwound
    long long reportsAfterCancel = 0;  // progress reports the worker made after the request
};

// work(sink) must report progress through sink regularly; the cancel is
// requested once `busyAtLeastMs` passed after its first report.
inline CancelTiming measureCancel(const std::function<void(const ProgressSink&)>& work,
                                  double busyAtLeastMs = 150.0) {
    using Clock = std::chrono::steady_clock;
    CancelToken token;
    std::atomic<bool> reported{false}, requested{false}, done{false};
    std::atomic<long long> lateReports{0};
    const ProgressSink sink(
        [&](const Progress&) {
            reported.store(true);
            if (requested.load()) lateReports.fetch_add(1);
            return true;
        },
        token);
    CancelTiming t;
    Clock::time_point requestAt{}, endAt{};
    const auto start = Clock::now();
    std::thread worker([&] {
        try {
            work(sink);
        } catch (const Cancelled&) {
            t.cancelled = true;
        } catch (const std::exception& e) {
            t.error = e.what();
        }
        endAt = Clock::now();
        done.store(true);
    });
    while (!reported.load() && !done.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto firstReport = Clock::now();
    while (!done.load() &&
           std::chrono::duration<double, std::milli>(Clock::now() - firstReport).count() < busyAtLeastMs)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (done.load()) {
        worker.join();
        t.finishedFirst = true;
        return t;
    }
    requestAt = Clock::now();
    requested.store(true);
    token.request();
    worker.join();
    t.busyMs = std::chrono::duration<double, std::milli>(requestAt - start).count();
    t.latencyMs = std::chrono::duration<double, std::milli>(endAt - requestAt).count();
    t.reportsAfterCancel = lateReports.load();
    return t;
}

inline void printCancelTiming(const char* kind, const CancelTiming& t) {
    std::printf("cancel %-22s busy %8.1f ms  -> stopped in %7.1f ms%s%s\n", kind, t.busyMs, t.latencyMs,
                t.cancelled ? "" : "  (NOT cancelled)", t.finishedFirst ? "  (finished before the request)" : "");
    std::fflush(stdout);
}

}  // namespace ts::test
