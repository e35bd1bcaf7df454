#pragma once
// GPT-2's byte-level alphabet: every byte is shown as one printable Unicode
// character (bytes that are already printable Latin-1 map to themselves, the
// rest to U+0100..U+0143), so a vocabulary of byte sequences can be stored as
// text in tokenizer.json ("Ġworld" is " world").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ts::byte_level {

// The character shown for byte b.
char32_t charForByte(std::uint8_t b);
// The byte a character stands for, or -1 when it is not in the alphabet.
int byteForChar(char32_t c);

// Raw bytes -> byte-level text (UTF-8 of the mapped characters).
std::string encode(std::string_view bytes);
void appendEncoded(std::string_view bytes, std::string& out);
// Byte-level text -> raw bytes; nullopt when a character is not in the alphabet
// (or the text is not valid UTF-8).
std::optional<std::string> decode(std::string_view text);

// Replaces each maximal invalid UTF-8 subsequence by U+FFFD, as Rust's
// String::from_utf8_lossy (which Hugging Face's decoder uses) does.
std::string toValidUtf8Lossy(std::string_view bytes);

}  // namespace ts::byte_level
