#include "core/data/dataset_loader.h"

#include <cstdio>
#include <unordered_map>

#include "core/data/babi_loader.h"
#include "core/data/cotempqa_loader.h"
#include "core/data/csv.h"
#include "core/data/jsonl_dataset.h"
#include "core/data/msmarco_loader.h"
#include "core/data/trace_check_csv_loader.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace ts {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

struct FormatName {
    DatasetFormat format;
    std::string_view name;
};
constexpr FormatName kFormatNames[] = {
    {DatasetFormat::Auto, "auto"},
    {DatasetFormat::CoTempQA, "cotempqa"},
    {DatasetFormat::Babi, "babi"},
    {DatasetFormat::MsMarco, "msmarco"},
    {DatasetFormat::TraceCheckQaCsv, "trace-check-qa-csv"},
    {DatasetFormat::Jsonl, "jsonl"},
};

// The first bytes of a file (enough for a header line or the first record).
std::string filePrefix(const fs::path& path) {
    const FileHandle f = openInputFile(path, kDatasetFileLimit);
    std::string buf(kSniffBytes, '\0');
    buf.resize(std::fread(buf.data(), 1, buf.size(), f.get()));
    if (startsWith(buf, "\xEF\xBB\xBF")) buf.erase(0, 3);
    return buf;
}

std::string_view firstLine(std::string_view text) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

std::optional<DatasetFormat> detectCsv(const fs::path& path, std::string_view header) {
    CsvTable table;
    try {
        table = parseCsv(header, path.string());
    } catch (const Error&) {
        return std::nullopt;
    }
    const auto has = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (!table.hasColumn(n)) return false;
        return true;
    };
    if (has({"index", "triple_element", "question", "facts", "answer", "label"}))
        return DatasetFormat::CoTempQA;
    try {
        traceCheckCsvVariant(table);
        return DatasetFormat::TraceCheckQaCsv;
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::optional<DatasetFormat> detectJson(std::string_view prefix) {
    if (isJsonlDatasetHeader(firstLine(prefix))) return DatasetFormat::Jsonl;
    const auto hasKey = [&](std::string_view key) {
        return contains(prefix, "\"" + std::string(key) + "\"");
    };
    const bool cotemp = hasKey("triple_element") && hasKey("facts");
    const bool marco = hasKey("passages") && hasKey("query");
    if (cotemp && !marco) return DatasetFormat::CoTempQA;
    if (marco && !cotemp) return DatasetFormat::MsMarco;
    return std::nullopt;
}

bool looksLikeBabi(const fs::path& path, std::string_view prefix) {
    if (prefix.empty() || prefix.front() < '0' || prefix.front() > '9') return false;
    try {
        parseBabiFileName(path);
        return true;
    } catch (const Error&) {
        if (!startsWith(prefix, "1 ")) return false;
        // Content alone: a bAbI story has a question line (with TABs) early on.
        return contains(firstLine(prefix), "\t") || contains(prefix.substr(0, 4096), "?\t") ||
               contains(prefix.substr(0, 4096), "? \t");
    }
}

}  // namespace

std::string_view datasetFormatName(DatasetFormat format) {
    for (const auto& f : kFormatNames)
        if (f.format == format) return f.name;
    return "auto";
}

DatasetFormat parseDatasetFormat(std::string_view name) {
    const std::string lower = toLowerAscii(trim(name));
    for (const auto& f : kFormatNames)
        if (f.name == lower) return f.format;
    if (lower == "marco") return DatasetFormat::MsMarco;
    throw Error("unknown dataset format '" + std::string(name) +
                "' (expected auto, cotempqa, babi, msmarco, trace-check-qa-csv or jsonl)");
}

DatasetFormat detectFormat(const fs::path& path) {
    const std::string prefix = filePrefix(path);
    const std::string_view content = trimView(prefix);
    if (content.empty()) throw Error("empty file", {path.string()});
    const std::string ext = toLowerAscii(path.extension().string());
    std::optional<DatasetFormat> found;
    if (content.front() == '{' || content.front() == '[') {
        found = detectJson(prefix);
    } else if (looksLikeBabi(path, prefix)) {
        found = DatasetFormat::Babi;
    } else if (ext == ".csv" || contains(firstLine(prefix), ",")) {
        found = detectCsv(path, firstLine(prefix));
    }
    if (!found)
        throw Error(
            "cannot tell the dataset format from the file's name and content; name it explicitly "
            "(cotempqa, babi, msmarco, trace-check-qa-csv or jsonl)",
            {path.string()});
    return *found;
}

namespace {

Dataset loadDatasetFileUnchecked(const fs::path& path, DatasetFormat format, const LoadOptions& options) {
    switch (format) {
        case DatasetFormat::Auto:
            return loadDatasetFileUnchecked(path, detectFormat(path), options);
        case DatasetFormat::CoTempQA:
            if (toLowerAscii(path.extension().string()) == ".csv")
                return loadCoTempQaSplitCsv(path, options);
            return loadCoTempQaClassFile(path, options);
        case DatasetFormat::Babi:
            return loadBabiFile(path, options);
        case DatasetFormat::MsMarco:
            return loadMsMarcoFile(path, options);
        case DatasetFormat::TraceCheckQaCsv:
            return loadTraceCheckQaCsv(path, options);
        case DatasetFormat::Jsonl:
            return readJsonlDataset(path, options);
    }
    throw Error("unknown dataset format", {path.string()});
}

}  // namespace

Dataset loadDatasetFile(const fs::path& path, DatasetFormat format, const LoadOptions& options) {
    Dataset d = loadDatasetFileUnchecked(path, format, options);
    // A file may repeat an item (an id twice) or point a gold retrieval
    // outside its context: refused here, naming the file, whoever loads it.
    try {
        validateDataset(d);
    } catch (const Error& e) {
        throw e.located(path.string());
    }
    return d;
}

Dataset loadDataset(const std::vector<fs::path>& paths, DatasetFormat format,
                    const LoadOptions& options) {
    if (paths.empty()) throw Error("no dataset files given");
    Dataset merged;
    std::unordered_map<std::string, std::size_t> idFile;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        LoadOptions fileOptions = options;
        fileOptions.progress = options.progress.stage(static_cast<double>(i) / paths.size(),
                                                      static_cast<double>(i + 1) / paths.size());
        Dataset part = loadDatasetFileUnchecked(paths[i], format, fileOptions);
        if (i == 0) {
            merged.kind = part.kind;
            merged.name = part.name;
        } else if (part.kind != merged.kind) {
            throw Error("this file holds a '" + std::string(datasetKindName(part.kind)) +
                            "' dataset but " + paths[0].string() + " holds '" +
                            std::string(datasetKindName(merged.kind)) + "'; load them separately",
                        {paths[i].string()});
        }
        merged.sourceFiles.insert(merged.sourceFiles.end(), part.sourceFiles.begin(),
                                  part.sourceFiles.end());
        merged.items.reserve(merged.items.size() + part.items.size());
        for (Item& item : part.items) {
            const auto [it, inserted] = idFile.emplace(item.id, i);
            if (!inserted)
                throw Error("duplicate item id '" + item.id + "' " +
                                (it->second == i ? std::string("within the file")
                                                 : "(also in " + paths[it->second].string() +
                                                       "; the same item was given twice)"),
                            {paths[i].string()});
            merged.items.push_back(std::move(item));
        }
    }
    validateDataset(merged);
    return merged;
}

}  // namespace ts
