#pragma once
// The filters, tests, attribute/method lookups and global functions of the
// Jinja subset, with Jinja2 / Python semantics (see docs/tokenizer.md for the list).
#include <string>
#include <string_view>

#include "core/model/chat/jinja_value.h"

namespace ts::jinja {

class Interpreter;

bool hasFilter(std::string_view name);
bool hasTest(std::string_view name);
Value applyFilter(const std::string& name, const Value& input, CallArgs& args, Interpreter& in,
                  SourcePos pos);
bool applyTest(const std::string& name, const Value& input, CallArgs& args, Interpreter& in,
               SourcePos pos);

// obj.name: dict keys and dict/str methods (bound), namespace attributes;
// undefined when absent; an error on undefined obj (as Jinja2 does).
Value getAttribute(const Value& obj, const std::string& name, Interpreter& in, SourcePos pos);
// obj[key]: list/str index (negative from the end), dict key; undefined when absent.
Value getItem(const Value& obj, const Value& key, Interpreter& in, SourcePos pos);
Value getSlice(const Value& obj, const Value& start, const Value& stop, const Value& step,
               Interpreter& in, SourcePos pos);
// The items a for-loop visits: list items, dict keys, string characters; undefined is empty.
std::vector<Value> iterate(const Value& v, Interpreter& in, SourcePos pos);
// len(); an error for values without a length.
std::int64_t lengthOf(const Value& v, Interpreter& in, SourcePos pos);

// Argument helpers for builtins: positional index or keyword name.
const Value* argument(const CallArgs& args, std::size_t index, const char* keyword);

}  // namespace ts::jinja
