// Safetensors header and offset validation: any byte image either validates
// (and then every tensor's bytes lie inside the image and convert without
// reading past them) or is refused with ts::Error.
#include "core/model/safetensors.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view image = ts::fuzz::asText(data, size);
    ts::fuzz::expectCleanErrors([&] {
        const auto file = ts::model::SafetensorsFile::fromBytes(image, "fuzz.safetensors");
        std::uint64_t covered = 0;
        for (const auto& e : file.tensors()) {
            const std::string_view bytes = file.bytes(e);
            if (bytes.data() < image.data() || bytes.data() + bytes.size() > image.data() + image.size())
                __builtin_trap();  // a validated tensor must lie inside the image
            covered += bytes.size();
            // Small tensors only: the point is the bounds, not the conversion speed.
            if (e.numel() > 4096) continue;
            ts::fuzz::expectCleanErrors([&] { (void)file.toDoubles(e.name); });
            ts::fuzz::expectCleanErrors([&] { (void)file.toInts(e.name); });
        }
        // The tensors tile the data area exactly: nothing between the header and the end is unaccounted.
        std::uint64_t headerLen = 0;
        for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | data[i];
        if (covered != size - 8 - headerLen) __builtin_trap();
        for (const auto& [k, v] : file.metadata()) (void)(k.size() + v.size());
    });
    return 0;
}
