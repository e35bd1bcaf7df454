#include "core/score/scoring_pair.h"

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace ts {

PredictionFormat detectPredictionFormat(const std::filesystem::path& path) {
    LineReader reader(path);
    std::string line;
    while (reader.next(line)) {
        if (trimView(line).empty()) continue;
        const ErrorLocation where{path.string(), reader.lineNumber()};
        requireJsonDepthWithin(line, path.string(), reader.lineNumber());
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception&) {
            throw Error(
                "unknown predictions format: the first record is not a JSON object "
                "(expected JSON Lines: native {item_id, prediction} records or "
                "Trace_Check_QA {prediction, gold, ...} records)",
                where);
        }
        if (value.is_object() && value.contains("item_id") && value.contains("prediction"))
            return PredictionFormat::Native;
        if (value.is_object() && value.contains("prediction") && value.contains("gold"))
            return PredictionFormat::TraceCheckQa;
        std::string keys;
        if (value.is_object())
            for (const auto& [k, v] : value.items()) keys += (keys.empty() ? "" : ", ") + k;
        throw Error(
            "unknown predictions format: expected native {item_id, prediction} or "
            "Trace_Check_QA {prediction, gold, ...} records, found " +
                (value.is_object() ? "keys " + keys : std::string(value.type_name())),
            where);
    }
    throw Error("no records (the file is empty)", {path.string()});
}

}  // namespace ts
