// MS MARCO in its three layouts (records with a passage dict, records with a
// passage list, column-oriented), under both gold-passage rules.
#include "tests/fuzz/fuzz_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = ts::fuzz::asText(data, size);
    ts::LoadOptions options;
    ts::fuzz::loadOne("dev_v2.1.json", text, ts::DatasetFormat::MsMarco, options);
    options.marcoRetrieval = ts::MarcoRetrieval::MaxWordOverlap;
    ts::fuzz::loadOne("dev_v2.1.json", text, ts::DatasetFormat::MsMarco, options);
    return 0;
}
