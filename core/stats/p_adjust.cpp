#include "core/stats/p_adjust.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/error.h"

namespace ts::stats {

std::vector<double> holmAdjust(const std::vector<double>& p) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (std::isnan(p[i])) continue;
        if (p[i] < 0.0 || p[i] > 1.0)
            throw Error("Holm adjustment: p-value " + std::to_string(i) + " is " +
                        std::to_string(p[i]) + ", outside [0, 1]");
        order.push_back(i);
    }
    // Stable, like R's order(): tied p-values keep their input order (the
    // cumulative maximum makes the result independent of it anyway).
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t i, std::size_t j) { return p[i] < p[j]; });
    std::vector<double> out(p);  // NaN entries stay NaN
    const auto m = static_cast<double>(order.size());
    double running = 0.0;
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        running = std::max(running, (m - static_cast<double>(rank)) * p[order[rank]]);
        out[order[rank]] = std::min(1.0, running);
    }
    return out;
}

}  // namespace ts::stats
