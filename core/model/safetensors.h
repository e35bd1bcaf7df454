#pragma once
// The safetensors format (https://github.com/huggingface/safetensors), torch-free:
// an mmap'ed reader that validates the whole header before any tensor byte is
// touched, and a streaming writer. Layout: u64 little-endian header length N,
// N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
// {str: str}}, then the data area; offsets are relative to the data area.
//
// Validation follows the reference implementation's rules: header length within
// the file and below kMaxSafetensorsHeaderBytes, a JSON object, known dtypes,
// non-negative shapes without overflow, begin <= end, byte size = elements x
// dtype size, and the tensors sorted by offset tile the data area exactly (no
// overlap, no gap, nothing left over). Any violation throws ts::Error naming the
// file and the tensor. NaN/Inf values are data, never errors.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ts::model {

// A header larger than this is refused before it is read (the reference
// implementation uses the same 100 MB bound).
inline constexpr std::uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

enum class StDType {
    Bool,
    U8,
    I8,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    F64,
    I64,
    U64,
    F8E4M3,
    F8E5M2
};

// "F32", "BF16", ... as spelled in the header.
std::string_view dtypeName(StDType t);
std::size_t dtypeSize(StDType t);
// Parses a header dtype; false when unknown.
bool parseDType(std::string_view name, StDType& out);

struct TensorEntry {
    std::string name;
    StDType dtype = StDType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // offsets inside the data area
    std::uint64_t end = 0;
    std::uint64_t numel() const;
    std::uint64_t byteSize() const { return end - begin; }
};

// A view of one validated file. Tensor data stays valid while the file lives.
class SafetensorsFile {
public:
    // Maps and validates path; throws ts::Error on any problem.
    static SafetensorsFile open(const std::filesystem::path& path);
    // Validates an in-memory image (same rules; the bytes must outlive the object).
    static SafetensorsFile fromBytes(std::string_view bytes, std::string displayName);

    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
    ~SafetensorsFile();

    const std::string& path() const { return path_; }
    // Entries in data order.
    const std::vector<TensorEntry>& tensors() const { return entries_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool contains(const std::string& name) const { return index_.count(name) != 0; }
    // Throws ts::Error naming the file when absent.
    const TensorEntry& entry(const std::string& name) const;
    // Raw bytes of a tensor (little-endian, row-major).
    std::string_view bytes(const TensorEntry& e) const;
    std::string_view bytes(const std::string& name) const { return bytes(entry(name)); }

    // Convenience copies for small tensors (fixtures, tests): the values
    // converted to double / int64 (floating and integer dtypes respectively).
    std::vector<double> toDoubles(const std::string& name) const;
    std::vector<std::int64_t> toInts(const std::string& name) const;

private:
    SafetensorsFile() = default;
    void parse(std::string_view image);
    struct Mapping;
    std::unique_ptr<Mapping> mapping_;
    std::string path_;
    const char* data_ = nullptr;  // start of the data area
    std::vector<TensorEntry> entries_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, std::string> metadata_;
};

// Collects tensors (pointers to caller-owned bytes) and writes one file:
// header padded with spaces to a multiple of 8 so data starts aligned, data in
// insertion order, written to a temporary file and renamed into place.
class SafetensorsWriter {
public:
    void setMetadata(const std::string& key, const std::string& value) { metadata_[key] = value; }
    // bytes must equal elements x dtype size; data must stay valid until write().
    void add(const std::string& name, StDType dtype, std::vector<std::int64_t> shape,
             const void* data, std::size_t bytes);
    std::uint64_t dataBytes() const { return total_; }
    std::size_t size() const { return items_.size(); }
    void write(const std::filesystem::path& path) const;

private:
    struct Item {
        std::string name;
        StDType dtype;
        std::vector<std::int64_t> shape;
        const void* data;
        std::size_t bytes;
    };
    std::vector<Item> items_;
    std::map<std::string, std::string> metadata_;
    std::uint64_t total_ = 0;
};

}  // namespace ts::model
