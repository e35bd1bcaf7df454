#include "core/model/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "core/util/error.h"

namespace ts::model {

namespace {

struct DTypeInfo {
    StDType type;
    const char* name;
    std::size_t size;
};

constexpr DTypeInfo kDTypes[] = {
    {StDType::Bool, "BOOL", 1}, {StDType::U8, "U8", 1},          {StDType::I8, "I8", 1},
    {StDType::I16, "I16", 2},   {StDType::U16, "U16", 2},        {StDType::F16, "F16", 2},
    {StDType::BF16, "BF16", 2}, {StDType::I32, "I32", 4},        {StDType::U32, "U32", 4},
    {StDType::F32, "F32", 4},   {StDType::F64, "F64", 8},        {StDType::I64, "I64", 8},
    {StDType::U64, "U64", 8},   {StDType::F8E4M3, "F8_E4M3", 1}, {StDType::F8E5M2, "F8_E5M2", 1},
};

const DTypeInfo& info(StDType t) {
    for (const auto& d : kDTypes)
        if (d.type == t) return d;
    return kDTypes[0];  // unreachable: every enumerator is listed
}

// The JSON header of a tensor file has depth 3 at most; refusing deep nesting
// before parsing keeps hostile headers ("[[[[...") from exhausting the stack.
bool nestingWithin(std::string_view s, int maxDepth) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[') {
            if (++depth > maxDepth) return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

std::uint64_t readLe64(const char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
    float v;
    if (exp == 0)
        v = std::ldexp(static_cast<float>(mant), -24);
    else if (exp == 31)
        v = mant ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
    else
        v = std::ldexp(static_cast<float>(mant | 0x400), static_cast<int>(exp) - 25);
    return sign ? -v : v;
}

float bf16ToFloat(std::uint16_t b) {
    const std::uint32_t bits = static_cast<std::uint32_t>(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

template <typename T>
T loadAt(const char* p, std::size_t i) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    return v;
}

}  // namespace

std::string_view dtypeName(StDType t) {
    return info(t).name;
}
std::size_t dtypeSize(StDType t) {
    return info(t).size;
}

bool parseDType(std::string_view name, StDType& out) {
    for (const auto& d : kDTypes) {
        if (name == d.name) {
            out = d.type;
            return true;
        }
    }
    return false;
}

std::uint64_t TensorEntry::numel() const {
    std::uint64_t n = 1;
    for (auto d : shape) n *= static_cast<std::uint64_t>(d);  // validated not to overflow
    return n;
}

struct SafetensorsFile::Mapping {
    void* addr = nullptr;
    std::size_t size = 0;
    ~Mapping() {
        if (addr) ::munmap(addr, size);
    }
};

SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path) {
    SafetensorsFile f;
    f.path_ = path.string();
    // O_NONBLOCK: a FIFO in place of the file must not block the open (fstat
    // refuses it next); it changes nothing for the mapping of a regular file.
    const int fd = ::open(f.path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        throw Error(std::string("cannot open safetensors file: ") + std::strerror(errno),
                    {f.path_});
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("not a regular file", {f.path_});
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size < 8) {
        ::close(fd);
        throw Error("file too small for a safetensors header (" + std::to_string(size) +
                        " bytes, need at least 8)",
                    {f.path_});
    }
    void* addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (addr == MAP_FAILED)
        throw Error(std::string("cannot map file: ") + std::strerror(errno), {f.path_});
    f.mapping_ = std::make_unique<Mapping>();
    f.mapping_->addr = addr;
    f.mapping_->size = size;
    f.parse(std::string_view(static_cast<const char*>(addr), size));
    return f;
}

SafetensorsFile SafetensorsFile::fromBytes(std::string_view bytes, std::string displayName) {
    SafetensorsFile f;
    f.path_ = std::move(displayName);
    f.parse(bytes);
    return f;
}

void SafetensorsFile::parse(std::string_view image) {
    const auto fail = [&](const std::string& msg, const std::string& key = {}) {
        return Error(msg, ErrorLocation(path_, 0, key));
    };
    if (image.size() < 8)
        throw fail("file too small for a safetensors header (" + std::to_string(image.size()) +
                   " bytes)");
    const std::uint64_t headerLen = readLe64(image.data());
    if (headerLen > kMaxSafetensorsHeaderBytes)
        throw fail("header length " + std::to_string(headerLen) + " exceeds the maximum of " +
                   std::to_string(kMaxSafetensorsHeaderBytes) + " bytes");
    if (headerLen > image.size() - 8)
        throw fail("header length " + std::to_string(headerLen) +
                   " runs past the end of the file (" + std::to_string(image.size()) +
                   " bytes): truncated or not a safetensors file");
    const std::string_view header = image.substr(8, headerLen);
    const std::uint64_t dataSize = image.size() - 8 - headerLen;
    data_ = image.data() + 8 + headerLen;

    if (!nestingWithin(header, 8)) throw fail("header JSON is nested too deeply");
    const nlohmann::json j = nlohmann::json::parse(header.begin(), header.end(), nullptr, false);
    if (j.is_discarded()) throw fail("header is not valid JSON");
    if (!j.is_object()) throw fail("header JSON is not an object");

    entries_.clear();
    index_.clear();
    metadata_.clear();
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& name = it.key();
        const auto& v = it.value();
        if (name == "__metadata__") {
            if (!v.is_object()) throw fail("__metadata__ must be an object of strings", name);
            for (auto m = v.begin(); m != v.end(); ++m) {
                if (!m.value().is_string())
                    throw fail("__metadata__ values must be strings", name + "." + m.key());
                metadata_[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        if (!v.is_object()) throw fail("tensor entry is not an object", name);
        TensorEntry e;
        e.name = name;
        const auto dt = v.find("dtype");
        if (dt == v.end() || !dt->is_string()) throw fail("tensor has no dtype string", name);
        if (!parseDType(dt->get_ref<const std::string&>(), e.dtype))
            throw fail("unknown dtype '" + dt->get<std::string>() + "'", name);
        const auto sh = v.find("shape");
        if (sh == v.end() || !sh->is_array()) throw fail("tensor has no shape array", name);
        std::uint64_t numel = 1;
        for (const auto& d : *sh) {
            if (!d.is_number_unsigned() || d.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
                throw fail("shape entries must be non-negative integers", name);
            const auto dim = d.get<std::uint64_t>();
            if (__builtin_mul_overflow(numel, dim, &numel))
                throw fail("shape element count overflows", name);
            e.shape.push_back(static_cast<std::int64_t>(dim));
        }
        const auto off = v.find("data_offsets");
        if (off == v.end() || !off->is_array() || off->size() != 2 ||
            !(*off)[0].is_number_unsigned() || !(*off)[1].is_number_unsigned())
            throw fail("data_offsets must be two non-negative integers", name);
        e.begin = (*off)[0].get<std::uint64_t>();
        e.end = (*off)[1].get<std::uint64_t>();
        if (e.begin > e.end)
            throw fail("data_offsets out of order: begin " + std::to_string(e.begin) + " > end " +
                           std::to_string(e.end),
                       name);
        if (e.end > dataSize)
            throw fail("data_offsets end " + std::to_string(e.end) +
                           " lies outside the data area (" + std::to_string(dataSize) + " bytes)",
                       name);
        std::uint64_t expected = 0;
        if (__builtin_mul_overflow(numel, static_cast<std::uint64_t>(dtypeSize(e.dtype)),
                                   &expected))
            throw fail("tensor byte size overflows", name);
        if (expected != e.byteSize())
            throw fail("tensor occupies " + std::to_string(e.byteSize()) + " bytes but shape x " +
                           std::string(dtypeName(e.dtype)) + " needs " + std::to_string(expected),
                       name);
        entries_.push_back(std::move(e));
    }
    std::sort(entries_.begin(), entries_.end(), [](const TensorEntry& a, const TensorEntry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t cursor = 0;
    for (const auto& e : entries_) {
        if (e.begin < cursor)
            throw fail("data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           ") overlap the previous tensor, which ends at " + std::to_string(cursor),
                       e.name);
        if (e.begin > cursor)
            throw fail("gap in the data area: tensor starts at " + std::to_string(e.begin) +
                           " but the previous data ends at " + std::to_string(cursor),
                       e.name);
        cursor = e.end;
    }
    if (cursor != dataSize)
        throw fail("data area has " + std::to_string(dataSize) + " bytes but the tensors cover " +
                   std::to_string(cursor) + " (truncated or trailing data)");
    for (std::size_t i = 0; i < entries_.size(); ++i) index_[entries_[i].name] = i;
}

const TensorEntry& SafetensorsFile::entry(const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end()) throw Error("tensor not found", ErrorLocation(path_, 0, name));
    return entries_[it->second];
}

std::string_view SafetensorsFile::bytes(const TensorEntry& e) const {
    return std::string_view(data_ + e.begin, e.byteSize());
}

std::vector<double> SafetensorsFile::toDoubles(const std::string& name) const {
    const TensorEntry& e = entry(name);
    const char* p = data_ + e.begin;
    const std::size_t n = e.numel();
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        switch (e.dtype) {
            case StDType::F32:
                out[i] = loadAt<float>(p, i);
                break;
            case StDType::F64:
                out[i] = loadAt<double>(p, i);
                break;
            case StDType::F16:
                out[i] = halfToFloat(loadAt<std::uint16_t>(p, i));
                break;
            case StDType::BF16:
                out[i] = bf16ToFloat(loadAt<std::uint16_t>(p, i));
                break;
            default:
                throw Error(
                    "expected a floating-point tensor, found " + std::string(dtypeName(e.dtype)),
                    ErrorLocation(path_, 0, name));
        }
    }
    return out;
}

std::vector<std::int64_t> SafetensorsFile::toInts(const std::string& name) const {
    const TensorEntry& e = entry(name);
    const char* p = data_ + e.begin;
    const std::size_t n = e.numel();
    std::vector<std::int64_t> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        switch (e.dtype) {
            case StDType::I64:
                out[i] = loadAt<std::int64_t>(p, i);
                break;
            case StDType::I32:
                out[i] = loadAt<std::int32_t>(p, i);
                break;
            case StDType::I16:
                out[i] = loadAt<std::int16_t>(p, i);
                break;
            case StDType::I8:
                out[i] = loadAt<std::int8_t>(p, i);
                break;
            case StDType::U8:
            case StDType::Bool:
                out[i] = loadAt<std::uint8_t>(p, i);
                break;
            case StDType::U16:
                out[i] = loadAt<std::uint16_t>(p, i);
                break;
            case StDType::U32:
                out[i] = loadAt<std::uint32_t>(p, i);
                break;
            default:
                throw Error("expected an integer tensor, found " + std::string(dtypeName(e.dtype)),
                            ErrorLocation(path_, 0, name));
        }
    }
    return out;
}

void SafetensorsWriter::add(const std::string& name, StDType dtype, std::vector<std::int64_t> shape,
                            const void* data, std::size_t bytes) {
    if (name.empty() || name == "__metadata__") throw Error("invalid tensor name '" + name + "'");
    for (const auto& it : items_)
        if (it.name == name) throw Error("tensor added twice", ErrorLocation({}, 0, name));
    std::uint64_t numel = 1;
    for (auto d : shape) {
        if (d < 0) throw Error("negative dimension", ErrorLocation({}, 0, name));
        numel *= static_cast<std::uint64_t>(d);
    }
    if (numel * dtypeSize(dtype) != bytes)
        throw Error("byte size " + std::to_string(bytes) + " does not match shape x dtype",
                    ErrorLocation({}, 0, name));
    items_.push_back(Item{name, dtype, std::move(shape), data, bytes});
    total_ += bytes;
}

void SafetensorsWriter::write(const std::filesystem::path& path) const {
    nlohmann::json header = nlohmann::json::object();
    if (!metadata_.empty()) header["__metadata__"] = metadata_;
    std::uint64_t offset = 0;
    for (const auto& it : items_) {
        header[it.name] = {{"dtype", std::string(dtypeName(it.dtype))},
                           {"shape", it.shape},
                           {"data_offsets", {offset, offset + it.bytes}}};
        offset += it.bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    char len[8];
    for (int i = 0; i < 8; ++i)
        len[i] = static_cast<char>((std::uint64_t(text.size()) >> (8 * i)) & 0xff);

    const std::string target = path.string();
    const std::string tmp = target + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error(std::string("cannot create file: ") + std::strerror(errno), {tmp});
    bool ok = std::fwrite(len, 1, 8, f) == 8 &&
              std::fwrite(text.data(), 1, text.size(), f) == text.size();
    for (const auto& it : items_) {
        if (!ok) break;
        ok = it.bytes == 0 || std::fwrite(it.data, 1, it.bytes, f) == it.bytes;
    }
    ok = ok && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) {
        std::remove(tmp.c_str());
        throw Error(std::string("write failed: ") + std::strerror(errno), {target});
    }
    std::error_code ec;
    std::filesystem::rename(tmp, target, ec);
    if (ec) {
        std::remove(tmp.c_str());
        throw Error("cannot rename temporary file into place: " + ec.message(), {target});
    }
}

}  // namespace ts::model
