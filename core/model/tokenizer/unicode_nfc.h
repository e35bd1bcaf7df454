#pragma once
// Unicode Normalization Form C (canonical decomposition, canonical ordering,
// canonical composition) over UTF-8, using the generated tables of
// nfc_tables.cpp. Hugging Face tokenizers apply it before pre-tokenization
// (Qwen's "normalizer": {"type": "NFC"}), so it has to be exact.
#include <string>
#include <string_view>

namespace ts {

// True when no code point of the (valid UTF-8) text can change under NFC, so
// normalization can be skipped. ASCII-only text always qualifies.
bool isNfcQuickYes(std::string_view utf8);

// NFC of valid UTF-8 text (invalid sequences are replaced by U+FFFD).
std::string toNfc(std::string_view utf8);

// The Unicode version the tables were generated from (e.g. "14.0.0").
const char* nfcUnicodeVersion();

}  // namespace ts
