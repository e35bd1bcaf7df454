#include "core/model/tokenizer/tokenizer_json_reader.h"

#include "core/util/error.h"

namespace ts {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& key, const std::string& message) {
    throw Error(message, {{}, 0, key});
}

// tokenizer.json is mostly model.vocab (10^5 entries) and model.merges (up to
// 3x10^5 pairs). Building a DOM for them costs more than everything else, so
// a SAX pass streams those two straight into vectors and builds an ordinary
// DOM (with both left empty) for the rest of the file.
class Reader : public nlohmann::json_sax<json> {
public:
    explicit Reader(TokenizerJsonDocument& doc)
        : root(doc.root), vocab(doc.vocab), merges(doc.merges) {}
    json& root;
    std::vector<std::pair<std::string, std::int32_t>>& vocab;
    std::vector<std::pair<std::string, std::string>>& merges;

    bool null() override { return value(json(nullptr)); }
    bool boolean(bool v) override { return value(json(v)); }
    bool number_integer(number_integer_t v) override { return integer(v); }
    bool number_unsigned(number_unsigned_t v) override {
        return integer(v > std::uint64_t(INT64_MAX) ? INT64_MAX : std::int64_t(v));
    }
    bool number_float(number_float_t v, const string_t&) override { return value(json(v)); }
    bool binary(binary_t&) override { return value(json(nullptr)); }
    bool string(string_t& v) override {
        if (mode_ == Mode::Merges) {
            const auto space = v.find(' ');
            if (space == std::string::npos || v.find(' ', space + 1) != std::string::npos)
                fail(mergeKey(),
                     "expected \"left right\" with exactly one space, found '" + v + "'");
            merges.emplace_back(v.substr(0, space), v.substr(space + 1));
            return true;
        }
        if (mode_ == Mode::MergePair) {
            pair_.push_back(std::move(v));
            return true;
        }
        if (mode_ == Mode::Vocab) fail("model.vocab", "id of '" + key_ + "' is not an integer");
        return value(json(std::move(v)));
    }
    bool key(string_t& k) override {
        key_ = std::move(k);
        return true;
    }
    bool start_object(std::size_t) override {
        if (mode_ == Mode::Vocab) fail("model.vocab", "id of '" + key_ + "' is not an integer");
        if (mode_ != Mode::None)
            fail(mergeKey(), "expected \"left right\" or [\"left\", \"right\"]");
        if (inModel() && key_ == "vocab") {
            mode_ = Mode::Vocab;
            return value(json::object());
        }
        return open(json::object());
    }
    bool end_object() override {
        if (mode_ == Mode::Vocab) {
            mode_ = Mode::None;
            return true;
        }
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) override {
        if (mode_ == Mode::Merges) {
            mode_ = Mode::MergePair;
            pair_.clear();
            return true;
        }
        if (mode_ == Mode::Vocab) fail("model.vocab", "id of '" + key_ + "' is not an integer");
        if (mode_ == Mode::MergePair)
            fail(mergeKey(), "expected \"left right\" or [\"left\", \"right\"]");
        if (inModel() && key_ == "merges") {
            mode_ = Mode::Merges;
            return value(json::array());
        }
        return open(json::array());
    }
    bool end_array() override {
        if (mode_ == Mode::MergePair) {
            if (pair_.size() != 2)
                fail(mergeKey(), "expected \"left right\" or [\"left\", \"right\"]");
            merges.emplace_back(std::move(pair_[0]), std::move(pair_[1]));
            mode_ = Mode::Merges;
            return true;
        }
        if (mode_ == Mode::Merges) {
            mode_ = Mode::None;
            return true;
        }
        stack_.pop_back();
        return true;
    }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& e) override {
        throw Error("not valid JSON at byte " + std::to_string(position) + ": " + e.what());
    }

private:
    enum class Mode { None, Vocab, Merges, MergePair };
    struct Frame {
        json* node;
        std::string key;  // the key this container sits under in its parent
    };

    bool inModel() const { return stack_.size() == 2 && stack_[1].key == "model"; }
    std::string mergeKey() const { return "model.merges[" + std::to_string(merges.size()) + "]"; }

    bool integer(std::int64_t v) {
        if (mode_ == Mode::Vocab) {
            if (v < INT32_MIN || v > INT32_MAX)
                fail("model.vocab", "id of '" + key_ + "' is out of range");
            vocab.emplace_back(std::move(key_), std::int32_t(v));
            return true;
        }
        if (mode_ != Mode::None)
            fail(mergeKey(), "expected \"left right\" or [\"left\", \"right\"]");
        return value(json(v));
    }
    // Places a scalar (or an empty container that stays empty) in the DOM.
    bool value(json v) {
        insert(std::move(v));
        return true;
    }
    bool open(json container) {
        json* node = insert(std::move(container));
        stack_.push_back(
            {node, stack_.empty() ? std::string() : (stack_.back().node->is_object() ? key_ : "")});
        return true;
    }
    json* insert(json v) {
        if (stack_.empty()) {
            root = std::move(v);
            return &root;
        }
        json& parent = *stack_.back().node;
        if (parent.is_object()) return &(parent[key_] = std::move(v));
        parent.push_back(std::move(v));
        return &parent.back();
    }

    std::vector<Frame> stack_;
    std::string key_;
    Mode mode_ = Mode::None;
    std::vector<std::string> pair_;
};

}  // namespace

TokenizerJsonDocument readTokenizerJsonDocument(std::string_view text) {
    TokenizerJsonDocument doc;
    Reader reader(doc);
    json::sax_parse(text, &reader);
    return doc;
}

}  // namespace ts
