#include "core/decompose/trace_texts.h"

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace ts {

namespace {

std::string requireText(const nlohmann::json& record, const char* key, const ErrorLocation& where) {
    const auto it = record.find(key);
    if (it == record.end())
        throw Error(std::string("missing \"") + key + "\"", {where.file, where.line, key});
    if (!it->is_string())
        throw Error(std::string("must be a string, not ") + it->type_name(),
                    {where.file, where.line, key});
    return it->get<std::string>();
}

// A tag inside the text would close (or open) a block of the target
// '<think>{trace}</think> <answer>..</answer>', and the trace parser would
// then read a different trace than the one trained on.
void requireNoTargetTags(const std::string& trace, const ErrorLocation& where) {
    for (const char* tag : {"<think>", "</think>", "<answer>", "</answer>"})
        if (trace.find(tag) != std::string::npos)
            throw Error(std::string("the trace holds '") + tag +
                            "', which would break its <think> block (strip the tags when "
                            "exporting the traces)",
                        {where.file, where.line, "trace"});
}

}  // namespace

const std::string* TraceTexts::find(const std::string& itemId) const {
    const auto it = byItem.find(itemId);
    return it == byItem.end() ? nullptr : &it->second;
}

TraceTexts parseTraceTexts(std::string_view text, const std::string& pathForMessages) {
    TraceTexts out;
    out.source = pathForMessages;
    forEachJsonObjectLine(
        text, pathForMessages, [&](const nlohmann::json& record, std::size_t lineNo) {
            const ErrorLocation where(pathForMessages, lineNo);
            const std::string id = requireText(record, "item_id", where);
            std::string trace = requireText(record, "trace", where);
            if (trim(trace).empty())
                throw Error("the trace is empty", {pathForMessages, lineNo, "trace"});
            requireNoTargetTags(trace, where);
            if (const auto [first, fresh] = out.lineOf.emplace(id, lineNo); !fresh)
                throw Error("duplicate item_id '" + id + "' (first on line " +
                                std::to_string(first->second) + ")",
                            {pathForMessages, lineNo, "item_id"});
            out.byItem.emplace(id, std::move(trace));
        });
    if (out.byItem.empty())
        throw Error(
            "no traces in the file (expected JSON Lines of "
            "{\"item_id\": .., \"trace\": ..})",
            {pathForMessages});
    return out;
}

TraceTexts readTraceTexts(const std::filesystem::path& path) {
    return parseTraceTexts(readFile(path, kDatasetFileLimit), path.string());
}

TraceTextFiles readTraceTextFiles(const std::map<SftCondition, std::filesystem::path>& files) {
    TraceTextFiles out;
    for (const auto& [condition, path] : files) {
        if (!sftConditionNeedsTraceFile(condition))
            throw Error("condition " + std::string(sftConditionName(condition)) +
                            " takes no trace file (only " +
                            sftConditionNames(freeFormSftConditions()) + " do)",
                        {path.string()});
        out.emplace(condition, readTraceTexts(path));
    }
    return out;
}

}  // namespace ts
