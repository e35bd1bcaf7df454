#include "core/data/babi_loader.h"

#include <charconv>
#include <vector>

#include "core/data/loader_support.h"
#include "core/decompose/babi_rule.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace ts {

namespace fs = std::filesystem;

namespace {

bool parsePositiveInt(std::string_view s, int& out) {
    if (s.empty()) return false;
    const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
    return res.ec == std::errc() && res.ptr == s.data() + s.size() && out > 0;
}

struct StoryLine {
    int number = 0;
    bool isQuestion = false;
    std::string text;  // statement text or question text
};

// Reads a bAbI file and emits items; one instance per file.
class BabiReader {
public:
    BabiReader(const fs::path& path, const LoadOptions& options)
        : path_(path), file_(path.string()), options_(options), name_(parseBabiFileName(path)) {}

    Dataset read() {
        Dataset ds;
        ds.kind = DatasetKind::Babi;
        ds.name = "babi";
        ds.sourceFiles = {file_};
        LineReader reader(path_, kMaxLineBytes, kDatasetFileLimit);
        const double total = static_cast<double>(
            std::max<std::uint64_t>(requireInputFile(path_, kDatasetFileLimit), 1));
        const std::string message = "reading " + path_.filename().string();
        std::string raw;
        std::size_t questions = 0;
        while (reader.next(raw)) {
            line_ = reader.lineNumber();
            if (line_ % 4096 == 0) options_.progress.report(reader.bytesRead() / total, message);
            if (const auto bad = firstInvalidUtf8(raw))
                fail("invalid UTF-8 (byte " + std::to_string(*bad) + ")");
            if (readLine(raw, ds)) ++questions;
        }
        if (line_ == 0) throw Error("empty file", {file_});
        if (questions == 0) throw Error("no question lines in the file", {file_});
        options_.progress.report(1.0, message);
        return ds;
    }

private:
    fs::path path_;
    std::string file_;
    const LoadOptions& options_;
    BabiFileName name_;
    std::size_t line_ = 0;
    int storyNumber_ = 0;
    bool storyHasQuestion_ = false;
    std::vector<StoryLine> story_;

    [[noreturn]] void fail(const std::string& message) const {
        throw Error(message, {file_, line_});
    }

    // Returns true when the line was a question.
    bool readLine(std::string_view raw, Dataset& ds) {
        const auto space = raw.find(' ');
        int number = 0;
        if (space == std::string_view::npos || !parsePositiveInt(raw.substr(0, space), number))
            fail("bAbI line without a line number (expected \"N text\")");
        if (number == 1) {
            ++storyNumber_;
            story_.clear();
            storyHasQuestion_ = false;
        } else if (story_.empty() || number != story_.back().number + 1) {
            fail("line number " + std::to_string(number) + " does not continue the story (" +
                 (story_.empty() ? std::string("a story starts at 1")
                                 : "the previous line is " + std::to_string(story_.back().number)) +
                 ")");
        }
        const std::string_view body = raw.substr(space + 1);
        const auto tab = body.find('\t');
        if (tab == std::string_view::npos) {
            const std::string text = trim(body);
            if (text.empty()) fail("empty story line");
            story_.push_back({number, false, text});
            return false;
        }
        readQuestion(number, body, ds);
        return true;
    }

    void readQuestion(int number, std::string_view body, Dataset& ds) {
        const std::vector<std::string> parts = split(body, '\t');
        if (parts.size() != 3)
            fail("question line has " + std::to_string(parts.size()) +
                 " tab-separated fields, expected 3 (question, answer, supporting line ids)");
        const std::string question = trim(parts[0]);
        const std::string answer = trim(parts[1]);
        if (question.empty()) fail("empty question");
        if (answer.empty()) fail("empty answer");
        std::vector<int> supporting;
        for (const std::string& tok : split(trim(parts[2]), ' ')) {
            if (tok.empty()) continue;
            int id = 0;
            if (!parsePositiveInt(tok, id))
                fail("supporting line id '" + tok + "' is not a line number");
            if (id >= number)
                fail("supporting line id " + std::to_string(id) +
                     " points past the question (line " + std::to_string(number) + ")");
            // The story holds lines 1..number-1 in order, so line id is story_[id - 1].
            if (story_[static_cast<std::size_t>(id - 1)].isQuestion)
                fail("supporting line id " + std::to_string(id) + " is a question line");
            supporting.push_back(id);
        }
        if (supporting.empty()) fail("question without supporting line ids");

        const bool wanted = options_.babiItems == BabiItems::AllQuestions || !storyHasQuestion_;
        storyHasQuestion_ = true;
        if (wanted) ds.items.push_back(makeItem(number, question, answer, supporting));
        story_.push_back({number, true, question});
    }

    Item makeItem(int number, const std::string& question, const std::string& answer,
                  const std::vector<int>& supporting) const {
        Item item;
        item.id = "qa" + std::to_string(name_.task) + "/" + name_.split + "/" +
                  std::to_string(storyNumber_) + "/" + std::to_string(number);
        item.split = name_.split;
        item.question = question;
        for (const StoryLine& l : story_)
            if (!l.isQuestion) item.context.push_back({l.text, l.number});
        item.goldAnswers = {answer};
        item.meta["task"] = name_.task;
        item.meta["task_name"] = name_.taskName;
        item.meta["supporting_ids"] = supporting;
        item.meta["story"] = storyNumber_;
        item.meta["line"] = number;
        item.meta["file_line"] = line_;
        applyDecompositionRule(item, DatasetKind::Babi, file_, line_);
        return item;
    }
};

}  // namespace

BabiFileName parseBabiFileName(const fs::path& path) {
    const std::string stem = path.stem().string();
    const std::string expected =
        "bAbI file names look like qaN_<task-name>_<train|test>.txt (e.g. "
        "qa1_single-supporting-fact_train.txt)";
    const auto first = stem.find('_');
    const auto last = stem.rfind('_');
    BabiFileName out;
    if (!startsWith(stem, "qa") || first == std::string::npos || last == first ||
        !parsePositiveInt(std::string_view(stem).substr(2, first - 2), out.task) || out.task > 20)
        throw Error("not a bAbI task file name: " + expected, {path.string()});
    out.taskName = stem.substr(first + 1, last - first - 1);
    out.split = stem.substr(last + 1);
    if (out.split != "train" && out.split != "test")
        throw Error("bAbI split '" + out.split + "' is neither train nor test: " + expected,
                    {path.string()});
    if (out.taskName != babiTaskName(out.task))
        throw Error("the file name calls task " + std::to_string(out.task) + " '" + out.taskName +
                        "', but bAbI task " + std::to_string(out.task) + " is '" +
                        babiTaskName(out.task) + "'",
                    {path.string()});
    return out;
}

Dataset loadBabiFile(const fs::path& path, const LoadOptions& options) {
    return BabiReader(path, options).read();
}

}  // namespace ts
