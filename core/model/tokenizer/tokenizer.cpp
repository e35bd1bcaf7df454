#include "core/model/tokenizer/tokenizer.h"

#include <deque>

#include "core/model/tokenizer/bpe_model.h"
#include "core/model/tokenizer/byte_level.h"
#include "core/model/tokenizer/pre_tokenizer.h"
#include "core/model/tokenizer/unicode_nfc.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace ts {

struct Tokenizer::Impl {
    explicit Impl(const TokenizerSpec& spec)
        : added(spec.addedTokens),
          normalizer(spec.normalizer),
          preTokenizer(spec.preTokenizer),
          post(spec.postProcessor),
          model(spec.model),
          cache(std::make_unique<WordCache>(kDefaultWordCacheCapacity)) {
        // Ids are at most kMaxTokenId (checked by the parser and by BpeModel);
        // the check here keeps a spec built in code from sizing the tables.
        std::int32_t limit = model.idLimit();
        for (const auto& t : added.tokens()) {
            if (t.id < 0 || t.id > kMaxTokenId)
                throw Error("added token id " + std::to_string(t.id) + " is outside 0.." +
                                std::to_string(kMaxTokenId),
                            {{}, 0, "added_tokens"});
            limit = std::max(limit, t.id + 1);
        }
        tokenBytes.resize(std::size_t(limit));
        tokenKnown.assign(std::size_t(limit), false);
        for (std::int32_t id = 0; id < model.idLimit(); ++id)
            if (const std::string* tok = model.idToToken(id)) {
                tokenBytes[id] = decoderBytes(*tok);
                tokenKnown[id] = true;
            }
        for (const auto& t : added.tokens()) {
            tokenBytes[t.id] = decoderBytes(t.content);
            tokenKnown[t.id] = true;
        }
        for (auto id : post.prefixIds) checkPostId(id);
        for (auto id : post.suffixIds) checkPostId(id);
    }

    // Hugging Face's ByteLevel decoder: a token made only of byte-level
    // characters becomes those bytes, any other token its own UTF-8.
    static std::string decoderBytes(const std::string& token) {
        if (auto raw = byte_level::decode(token)) return std::move(*raw);
        return token;
    }

    void checkPostId(std::int32_t id) const {
        if (id < 0 || std::size_t(id) >= tokenKnown.size() || !tokenKnown[id])
            throw Error(
                "post-processor token id " + std::to_string(id) + " is not in the vocabulary",
                {{}, 0, "post_processor"});
    }

    void encodeWord(std::string_view word, std::vector<std::int32_t>& out) const {
        if (cache->capacity() > 0 && word.size() <= WordCache::kMaxWordBytes) {
            if (cache->lookup(word, out)) return;
            const std::size_t before = out.size();
            model.encodeWord(word, out);
            cache->insert(word, out.data() + before, out.size() - before);
            return;
        }
        model.encodeWord(word, out);
    }

    void encodePlain(std::string_view text, std::vector<std::int32_t>& out) const {
        // Per-thread scratch: encoding allocates nothing once warmed up.
        thread_local std::vector<std::string_view> pieces;
        thread_local std::deque<std::string> storage;
        preTokenizer.run(text, pieces, storage);
        for (std::string_view p : pieces) encodeWord(p, out);
        storage.clear();
    }

    // Normalizes a raw-text segment, then matches normalized added tokens in it.
    void encodeSegment(std::string_view raw, bool parseSpecial,
                       std::vector<std::int32_t>& out) const {
        std::string normalizedStorage;
        std::string_view text = raw;
        if (normalizer == NormalizerKind::Nfc && !isNfcQuickYes(raw)) {
            normalizedStorage = toNfc(raw);
            text = normalizedStorage;
        }
        if (!parseSpecial || !added.hasTokens(true)) {
            encodePlain(text, out);
            return;
        }
        std::vector<TextSegment> segments;
        added.split(text, true, segments);
        for (const auto& s : segments) {
            if (s.tokenId >= 0)
                out.push_back(s.tokenId);
            else
                encodePlain(text.substr(s.begin, s.end - s.begin), out);
        }
    }

    AddedVocabulary added;
    NormalizerKind normalizer;
    PreTokenizer preTokenizer;
    PostProcessorSpec post;
    BpeModel model;
    std::unique_ptr<WordCache> cache;
    std::vector<std::string> tokenBytes;  // decoder output of every id
    std::vector<bool> tokenKnown;
};

Tokenizer::Tokenizer(const TokenizerSpec& spec) : impl_(std::make_unique<Impl>(spec)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::fromJson(std::string_view json, const std::string& sourceName) {
    const TokenizerSpec spec = parseTokenizerJson(json, sourceName);
    try {
        return Tokenizer(spec);
    } catch (const Error& e) {
        throw e.located(sourceName);
    }
}

Tokenizer Tokenizer::load(const std::filesystem::path& fileOrDirectory) {
    std::filesystem::path file = fileOrDirectory;
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) file /= "tokenizer.json";
    return fromJson(readFile(file, kTokenizerFileLimit), file.string());
}

void Tokenizer::encodeInto(std::string_view text, std::vector<std::int32_t>& out,
                           const EncodeOptions& options) const {
    if (const auto bad = firstInvalidUtf8(text))
        throw Error("text to encode is not valid UTF-8 (byte offset " + std::to_string(*bad) + ")");
    const Impl& d = *impl_;
    if (options.addSpecialTokens)
        out.insert(out.end(), d.post.prefixIds.begin(), d.post.prefixIds.end());
    if (options.parseSpecialTokens && d.added.hasTokens(false)) {
        thread_local std::vector<TextSegment> segments;
        segments.clear();
        d.added.split(text, false, segments);
        for (const auto& s : segments) {
            if (s.tokenId >= 0)
                out.push_back(s.tokenId);
            else
                d.encodeSegment(text.substr(s.begin, s.end - s.begin), true, out);
        }
    } else {
        d.encodeSegment(text, options.parseSpecialTokens, out);
    }
    if (options.addSpecialTokens)
        out.insert(out.end(), d.post.suffixIds.begin(), d.post.suffixIds.end());
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view text,
                                            const EncodeOptions& options) const {
    std::vector<std::int32_t> out;
    out.reserve(text.size() / 3 + 4);
    encodeInto(text, out, options);
    return out;
}

std::string_view Tokenizer::tokenBytes(std::int32_t id) const {
    const Impl& d = *impl_;
    if (id < 0 || std::size_t(id) >= d.tokenKnown.size() || !d.tokenKnown[id])
        throw Error("unknown token id " + std::to_string(id) + " (vocabulary size " +
                    std::to_string(vocabSize()) + ")");
    return d.tokenBytes[id];
}

std::string Tokenizer::decode(std::span<const std::int32_t> ids,
                              const DecodeOptions& options) const {
    std::string bytes;
    bytes.reserve(ids.size() * 4);
    for (std::int32_t id : ids) {
        const std::string_view b = tokenBytes(id);
        if (options.skipSpecialTokens && isSpecialToken(id)) continue;
        bytes.append(b);
    }
    return byte_level::toValidUtf8Lossy(bytes);
}

std::optional<std::string> Tokenizer::idToToken(std::int32_t id) const {
    if (const AddedToken* t = impl_->added.findById(id)) return t->content;
    if (const std::string* t = impl_->model.idToToken(id)) return *t;
    return std::nullopt;
}

std::optional<std::int32_t> Tokenizer::tokenToId(std::string_view token) const {
    if (const AddedToken* t = impl_->added.findByContent(token)) return t->id;
    return impl_->model.tokenToId(token);
}

std::size_t Tokenizer::vocabSize() const {
    return impl_->tokenKnown.size();
}

const std::vector<AddedToken>& Tokenizer::addedTokens() const {
    return impl_->added.tokens();
}

bool Tokenizer::isSpecialToken(std::int32_t id) const {
    const AddedToken* t = impl_->added.findById(id);
    return t && t->special;
}

void Tokenizer::setWordCacheCapacity(std::size_t entries) {
    impl_->cache = std::make_unique<WordCache>(entries);
}
void Tokenizer::clearWordCache() const {
    impl_->cache->clear();
}
WordCacheStats Tokenizer::wordCacheStats() const {
    return impl_->cache->stats();
}

}  // namespace ts
