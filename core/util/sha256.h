#pragma once
// SHA-256 (FIPS 180-4), for the checksums of run bundles: a bundle copied from
// a cluster must arrive byte for byte before it is imported.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ts {

class Sha256 {
public:
    Sha256();
    void update(std::string_view bytes);
    std::string hexDigest();  // finishes; 64 lowercase hex digits

private:
    void block(const unsigned char* p);
    std::uint32_t h_[8];
    unsigned char buffer_[64];
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;  // bytes so far
};

std::string sha256Hex(std::string_view bytes);
// Streams the file; throws ts::Error naming it when it cannot be read.
std::string sha256OfFile(const std::filesystem::path& path);

}  // namespace ts
