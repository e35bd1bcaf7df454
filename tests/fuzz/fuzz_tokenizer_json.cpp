// tokenizer.json (and tokenizer_config.json) loading: any text is either a
// tokenizer that encodes and decodes a fixed sample, or a ts::Error.
#include "core/model/tokenizer/tokenizer.h"
#include "core/model/tokenizer/tokenizer_config.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = ts::fuzz::asText(data, size);
    ts::fuzz::expectCleanErrors([&] {
        const ts::Tokenizer tok = ts::Tokenizer::fromJson(text, "fuzz/tokenizer.json");
        for (const char* sample : {"Hello world! <|im_start|>user\n123 4567 ...", "  \t\n\xc3\xa9t\xc3\xa9 \xe2\x82\xac"}) {
            ts::fuzz::expectCleanErrors([&] {
                const auto ids = tok.encode(sample, {true, true});
                for (auto id : ids)
                    if (id < 0 || std::size_t(id) >= tok.vocabSize()) __builtin_trap();
                (void)tok.decode(ids);
                (void)tok.decode(ids, {true});
            });
        }
        for (std::int32_t id : {0, 1, 255, 256, 1000}) {
            if (std::size_t(id) >= tok.vocabSize()) break;
            (void)tok.idToToken(id);
            ts::fuzz::expectCleanErrors([&] { (void)tok.tokenBytes(id); });
        }
    });
    ts::fuzz::expectCleanErrors(
        [&] { (void)ts::parseTokenizerConfig(text, "fuzz/tokenizer_config.json"); });
    return 0;
}
