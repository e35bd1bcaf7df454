#include "core/model/tensor_values.h"

#include <cstring>

#include "core/util/error.h"

namespace ts::model {

namespace {

// An IEEE value is NaN or infinite exactly when all its exponent bits are
// set; the OR-reduced first pass vectorizes, the second runs only on a hit.
template <typename Bits>
std::optional<NonFiniteValue> scan(std::string_view bytes, Bits exponent, Bits mantissa,
                                   Bits sign) {
    const std::size_t n = bytes.size() / sizeof(Bits);
    const char* p = bytes.data();
    const auto load = [p](std::size_t i) {
        Bits v;
        std::memcpy(&v, p + i * sizeof(Bits), sizeof(Bits));
        return v;
    };
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) any |= (load(i) & exponent) == exponent;
    if (!any) return std::nullopt;
    for (std::size_t i = 0; i < n; ++i) {
        const Bits v = load(i);
        if ((v & exponent) != exponent) continue;
        return NonFiniteValue{i, (v & mantissa) != 0, (v & sign) != 0};
    }
    return std::nullopt;
}

}  // namespace

std::string NonFiniteValue::describe() const {
    if (isNan) return "NaN";
    return negative ? "-Inf" : "+Inf";
}

std::optional<NonFiniteValue> findNonFinite(StDType dtype, std::string_view bytes) {
    switch (dtype) {
        case StDType::F64:
            return scan<std::uint64_t>(bytes, 0x7FF0000000000000ull, 0x000FFFFFFFFFFFFFull,
                                       0x8000000000000000ull);
        case StDType::F32:
            return scan<std::uint32_t>(bytes, 0x7F800000u, 0x007FFFFFu, 0x80000000u);
        case StDType::F16:
            return scan<std::uint16_t>(bytes, 0x7C00, 0x03FF, 0x8000);
        case StDType::BF16:
            return scan<std::uint16_t>(bytes, 0x7F80, 0x007F, 0x8000);
        default:
            return std::nullopt;
    }
}

void requireFiniteValues(const TensorEntry& entry, std::string_view bytes,
                         const std::string& file) {
    if (const auto bad = findNonFinite(entry.dtype, bytes))
        throw Error("tensor holds " + bad->describe() + " at element " +
                        std::to_string(bad->index) +
                        " (weights must be finite; the checkpoint is damaged or diverged)",
                    {file, 0, entry.name});
}

}  // namespace ts::model
