#pragma once
// Checks on the values of a tensor as stored in a safetensors file. The file
// format treats NaN and Inf as data; a checkpoint to compute with must not
// hold them (one NaN weight turns every logit into NaN), so the loaders of
// model weights and adapters refuse them naming the tensor.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/safetensors.h"

namespace ts::model {

struct NonFiniteValue {
    std::uint64_t index = 0;  // element index in row-major order
    bool isNan = false;
    bool negative = false;
    // "NaN", "+Inf" or "-Inf".
    std::string describe() const;
};

// The first NaN or infinite element of little-endian data of dtype (F64,
// F32, F16, BF16; nullopt for integer and 8-bit float types, and when every
// element is finite). Reads the bit patterns directly: no conversion, no
// allocation, one pass.
std::optional<NonFiniteValue> findNonFinite(StDType dtype, std::string_view bytes);

// Throws ts::Error naming file and the tensor (key) when bytes hold a
// non-finite value ("tensor holds NaN at element 1024 ...").
void requireFiniteValues(const TensorEntry& entry, std::string_view bytes, const std::string& file);

}  // namespace ts::model
