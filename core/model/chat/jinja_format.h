#pragma once
// Printing values the way CPython does: str() for {{ output }}, repr() inside
// containers, float repr, and json.dumps (Hugging Face's tojson filter:
// ensure_ascii=False, optional indent, keys in insertion order).
#include <optional>
#include <string>

#include "core/model/chat/jinja_value.h"

namespace ts::jinja {

std::string pythonFloatRepr(double value);
// str(value); undefined prints as "".
std::string toPythonStr(const Value& value);
std::string toPythonRepr(const Value& value);

struct JsonFormat {
    std::optional<int> indent;  // json.dumps(indent=...); none: one line
    bool ensureAscii = false;
    bool sortKeys = false;
};
// Throws ts::Error (message only) for values JSON cannot hold (undefined,
// callables, namespaces).
std::string toJson(const Value& value, const JsonFormat& format = {});

}  // namespace ts::jinja
