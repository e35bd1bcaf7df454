// Encoding arbitrary text with the real Qwen3 and Llama 3 tokenizers
// (../shared/data/tokenizers): valid UTF-8 encodes to in-vocabulary ids that
// decode back to the text (Llama 3 has no normalizer; Qwen3 normalizes to NFC,
// so its round trip is compared after NFC); invalid UTF-8 is a ts::Error.
// The first byte picks the tokenizer and the options.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/model/tokenizer/tokenizer.h"
#include "core/model/tokenizer/unicode_nfc.h"
#include "core/util/text.h"
#include "tests/fuzz/fuzz_common.h"

#ifndef TS_SHARED_DATA_DIR
#define TS_SHARED_DATA_DIR ""
#endif

namespace {

struct Tokenizers {
    std::unique_ptr<ts::Tokenizer> qwen, llama;
};

const Tokenizers& tokenizers() {
    static const Tokenizers t = [] {
        const char* env = std::getenv("TRACESCOPE_SHARED_DATA");
        const std::filesystem::path root = env && *env ? env : TS_SHARED_DATA_DIR;
        Tokenizers out;
        try {
            out.qwen = std::make_unique<ts::Tokenizer>(
                ts::Tokenizer::load(root / "tokenizers/qwen3/tokenizer.json"));
            out.llama = std::make_unique<ts::Tokenizer>(
                ts::Tokenizer::load(root / "tokenizers/llama3/tokenizer.json"));
        } catch (const ts::Error& e) {
            std::fprintf(stderr, "fuzz_tokenizer_encode needs ../shared/data/tokenizers: %s\n",
                         e.what());
            std::exit(77);
        }
        return out;
    }();
    return t;
}

}  // namespace

// Load the two 130k-150k-token tokenizers before fuzzing starts: done lazily
// in the first input, the instrumented load ran past the 10 s per-input
// timeout on a loaded machine and was reported as a hang of that input. The
// ctest replay (which renames LLVMFuzzerTestOneInput and links every target
// into one program) has no such hook.
#ifndef LLVMFuzzerTestOneInput
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)tokenizers();
    return 0;
}
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0];
    const std::string_view text = ts::fuzz::asText(data + 1, size - 1);
    const bool useQwen = mode & 1;
    const ts::Tokenizer& tok = useQwen ? *tokenizers().qwen : *tokenizers().llama;
    const ts::EncodeOptions options{bool(mode & 2), bool(mode & 4)};
    ts::fuzz::expectCleanErrors([&] {
        const auto ids = tok.encode(text, options);
        for (auto id : ids)
            if (id < 0 || std::size_t(id) >= tok.vocabSize()) __builtin_trap();
        if (!ts::isValidUtf8(text)) __builtin_trap();  // invalid UTF-8 must have been refused
        const std::string back = tok.decode(ids, {false});
        // With the post-processor on, Llama 3 prepends <|begin_of_text|>.
        if (!options.addSpecialTokens) {
            const std::string expected = useQwen ? ts::toNfc(text) : std::string(text);
            if (back != expected) __builtin_trap();
        }
    });
    return 0;
}
