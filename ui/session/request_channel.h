#pragma once
// Superseded-request bookkeeping (the hotspot habit): every query the UI sends
// carries a ticket from a channel ("item list", "tables", ...). Issuing a new
// ticket on a channel makes every older one stale, so a worker skips stale work
// it has not started and the UI drops stale results that arrive late.
#include <atomic>
#include <cstdint>
#include <memory>

namespace ts::ui {

class RequestTicket {
public:
    RequestTicket() = default;  // always current (unchannelled work)
    bool current() const { return !latest_ || latest_->load() == generation_; }

private:
    friend class RequestChannel;
    RequestTicket(std::shared_ptr<std::atomic<std::uint64_t>> latest, std::uint64_t generation)
        : latest_(std::move(latest)), generation_(generation) {}
    std::shared_ptr<std::atomic<std::uint64_t>> latest_;
    std::uint64_t generation_ = 0;
};

class RequestChannel {
public:
    // A new ticket; every ticket issued before it is stale from now on.
    RequestTicket next() { return RequestTicket(latest_, ++*latest_); }
    // The ticket of the latest request (for follow-up work of the same query,
    // e.g. further pages of one item list).
    RequestTicket currentTicket() const { return RequestTicket(latest_, latest_->load()); }
    // Makes every ticket stale without issuing a new request.
    void invalidate() { ++*latest_; }

private:
    std::shared_ptr<std::atomic<std::uint64_t>> latest_ =
        std::make_shared<std::atomic<std::uint64_t>>(0);
};

}  // namespace ts::ui
