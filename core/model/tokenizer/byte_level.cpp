#include "core/model/tokenizer/byte_level.h"

#include <array>

#include "core/util/text.h"

namespace ts::byte_level {

namespace {

struct Tables {
    std::array<char32_t, 256> charOf{};
    std::array<std::string, 256> utf8Of{};
    std::array<std::int16_t, 0x144> byteOf{};  // every mapped character is below U+0144
    Tables() {
        byteOf.fill(-1);
        auto printable = [](int b) {
            return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        };
        int next = 0;
        for (int b = 0; b < 256; ++b) {
            const char32_t c =
                printable(b) ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + next++);
            charOf[b] = c;
            byteOf[c] = static_cast<std::int16_t>(b);
            appendUtf8(utf8Of[b], c);
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

}  // namespace

char32_t charForByte(std::uint8_t b) {
    return tables().charOf[b];
}

int byteForChar(char32_t c) {
    return c < 0x144 ? tables().byteOf[c] : -1;
}

void appendEncoded(std::string_view bytes, std::string& out) {
    const auto& t = tables();
    for (unsigned char b : bytes) out += t.utf8Of[b];
}

std::string encode(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    appendEncoded(bytes, out);
    return out;
}

std::optional<std::string> decode(std::string_view text) {
    if (!isValidUtf8(text)) return std::nullopt;
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const int b = byteForChar(decodeUtf8(text, i));
        if (b < 0) return std::nullopt;
        out += static_cast<char>(b);
    }
    return out;
}

std::string toValidUtf8Lossy(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    const std::size_t n = s.size();
    auto byteAt = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    while (i < n) {
        const unsigned char c = byteAt(i);
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        // Length and the allowed range of the second byte (Unicode Table 3-7).
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c == 0xE0)
            len = 3, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC)
            len = 3;
        else if (c == 0xED)
            len = 3, hi = 0x9F;
        else if (c >= 0xEE && c <= 0xEF)
            len = 3;
        else if (c == 0xF0)
            len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            len = 4;
        else if (c == 0xF4)
            len = 4, hi = 0x8F;
        std::size_t good = 1;  // bytes of the maximal prefix that is still valid
        if (len > 0) {
            while (good < len && i + good < n) {
                const unsigned char cc = byteAt(i + good);
                const bool ok = good == 1 ? (cc >= lo && cc <= hi) : (cc >= 0x80 && cc <= 0xBF);
                if (!ok) break;
                ++good;
            }
        }
        if (len > 0 && good == len) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            i += good;
        }
    }
    return out;
}

}  // namespace ts::byte_level
