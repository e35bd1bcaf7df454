// The torch-free safetensors reader, writer and sharded-checkpoint index:
// round trips for every dtype, and refusals of malformed files (truncated,
// huge header length, overlapping / out-of-order offsets, wrong sizes, non-JSON
// headers, hostile nesting) with errors naming the file and the tensor. Built
// against ts_safetensors only, so it also runs under ASan + UBSan cheaply.
#include <QtTest>

#include <cstring>
#include <fstream>
#include <limits>
#include <random>

#include "core/model/checkpoint_files.h"
#include "core/model/safetensors.h"
#include "core/model/tensor_values.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"

using namespace ts::model;

namespace {

std::string le64(std::uint64_t v) {
    std::string s(8, '\0');
    for (int i = 0; i < 8; ++i)
        s[static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
    return s;
}

std::string image(const std::string& header, const std::string& data) {
    return le64(header.size()) + header + data;
}

std::filesystem::path writeBytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream f(p, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
}

// Opens the image as a file and returns the ts::Error text ("" when it opened).
std::string openError(const std::filesystem::path& dir, const std::string& name,
                      const std::string& bytes) {
    const auto p = writeBytes(dir / name, bytes);
    try {
        SafetensorsFile::open(p);
    } catch (const ts::Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripEveryDtype();
    void valuesConvert();
    void nanAndInfAreData();
    void nonFiniteValuesAreFound();
    void malformedFilesAreRefused_data();
    void malformedFilesAreRefused();
    void everyTruncationIsRefused();
    void randomCorruptionNeverCrashes();
    void notAFile();
    void shardedIndex();
    void shardIndexRefusesBadEntries();
    void shardPlanning();
};

void TestSafetensors::roundTripEveryDtype() {
    const auto dir = ts::test::scratchDir("st_roundtrip");
    struct Item {
        std::string name;
        StDType type;
        std::vector<std::int64_t> shape;
        std::string bytes;
    };
    std::vector<Item> items;
    std::mt19937 rng(7);
    const StDType types[] = {StDType::Bool, StDType::U8,   StDType::I8,  StDType::I16, StDType::U16,
                             StDType::F16,  StDType::BF16, StDType::I32, StDType::U32, StDType::F32,
                             StDType::F64,  StDType::I64,  StDType::U64};
    for (auto t : types) {
        Item it{"t_" + std::string(dtypeName(t)), t, {2, 3}, std::string(6 * dtypeSize(t), '\0')};
        for (auto& c : it.bytes) c = static_cast<char>(rng() & (t == StDType::Bool ? 1 : 0xff));
        items.push_back(it);
    }
    items.push_back({"scalar", StDType::F32, {}, std::string("\0\0\x80\x3f", 4)});  // 1.0f
    items.push_back({"empty", StDType::F32, {0, 5}, std::string()});
    SafetensorsWriter w;
    w.setMetadata("format", "pt");
    for (const auto& it : items)
        w.add(it.name, it.type, it.shape, it.bytes.data(), it.bytes.size());
    w.write(dir / "all.safetensors");

    const auto f = SafetensorsFile::open(dir / "all.safetensors");
    QCOMPARE(f.tensors().size(), items.size());
    QCOMPARE(f.metadata().at("format"), std::string("pt"));
    for (const auto& it : items) {
        const auto& e = f.entry(it.name);
        QCOMPARE(e.dtype, it.type);
        QCOMPARE(e.shape, it.shape);
        QCOMPARE(std::string(f.bytes(e)), it.bytes);
    }
    QCOMPARE(f.toDoubles("scalar"), std::vector<double>{1.0});
    // The data area starts 8-byte aligned (header padded with spaces).
    std::ifstream in(dir / "all.safetensors", std::ios::binary);
    char len[8];
    in.read(len, 8);
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(len[i]);
    QCOMPARE(n % 8, std::uint64_t(0));
    QVERIFY(!std::filesystem::exists(dir / "all.safetensors.tmp"));
}

void TestSafetensors::valuesConvert() {
    const auto dir = ts::test::scratchDir("st_values");
    const std::uint16_t half[] = {0x3E00, 0xC000, 0x0001};  // 1.5, -2, smallest subnormal
    const std::uint16_t bf[] = {0x3FC0, 0xC040};            // 1.5, -3
    const std::int32_t i32[] = {-7, 123456};
    SafetensorsWriter w;
    w.add("h", StDType::F16, {3}, half, sizeof half);
    w.add("b", StDType::BF16, {2}, bf, sizeof bf);
    w.add("i", StDType::I32, {2}, i32, sizeof i32);
    w.write(dir / "v.safetensors");
    const auto f = SafetensorsFile::open(dir / "v.safetensors");
    const auto h = f.toDoubles("h");
    QCOMPARE(h[0], 1.5);
    QCOMPARE(h[1], -2.0);
    QCOMPARE(h[2], std::ldexp(1.0, -24));
    QCOMPARE(f.toDoubles("b"), (std::vector<double>{1.5, -3.0}));
    QCOMPARE(f.toInts("i"), (std::vector<std::int64_t>{-7, 123456}));
    QVERIFY_THROWS_EXCEPTION(ts::Error, f.toInts("h"));
    QVERIFY_THROWS_EXCEPTION(ts::Error, f.entry("absent"));
}

void TestSafetensors::nanAndInfAreData() {
    const auto dir = ts::test::scratchDir("st_nan");
    const float v[] = {std::numeric_limits<float>::quiet_NaN(),
                       std::numeric_limits<float>::infinity(),
                       -std::numeric_limits<float>::infinity()};
    SafetensorsWriter w;
    w.add("x", StDType::F32, {3}, v, sizeof v);
    w.write(dir / "nan.safetensors");
    const auto d = SafetensorsFile::open(dir / "nan.safetensors").toDoubles("x");
    QVERIFY(std::isnan(d[0]));
    QVERIFY(std::isinf(d[1]) && d[1] > 0);
    QVERIFY(std::isinf(d[2]) && d[2] < 0);
}

// The weight loaders refuse what nanAndInfAreData keeps: every IEEE dtype,
// the first offending element, and which value it is.
void TestSafetensors::nonFiniteValuesAreFound() {
    const auto bytesOf = [](const auto& values) {
        return std::string(reinterpret_cast<const char*>(values.data()),
                           values.size() * sizeof(values[0]));
    };
    const std::vector<float> f32 = {1.0f, -2.5f, 3e38f, -std::numeric_limits<float>::infinity(),
                                    std::numeric_limits<float>::quiet_NaN()};
    auto hit = findNonFinite(StDType::F32, bytesOf(f32));
    QVERIFY(hit);
    QCOMPARE(hit->index, std::uint64_t(3));
    QCOMPARE(hit->describe(), std::string("-Inf"));
    QVERIFY(
        !findNonFinite(StDType::F32, bytesOf(std::vector<float>(f32.begin(), f32.begin() + 3))));
    const std::vector<double> f64 = {0.0, 1e308, std::numeric_limits<double>::quiet_NaN()};
    hit = findNonFinite(StDType::F64, bytesOf(f64));
    QVERIFY(hit && hit->index == 2 && hit->isNan);
    // bfloat16 0x3F80 = 1.0, 0x7F80 = +Inf; float16 0x3C00 = 1.0, 0x7E00 = NaN, 0x7BFF = 65504.
    const std::vector<std::uint16_t> bf16 = {0x3F80, 0x7F7F, 0x7F80};
    hit = findNonFinite(StDType::BF16, bytesOf(bf16));
    QVERIFY(hit && hit->index == 2 && hit->describe() == "+Inf");
    const std::vector<std::uint16_t> f16 = {0x3C00, 0x7BFF, 0x7E00, 0x7C00};
    hit = findNonFinite(StDType::F16, bytesOf(f16));
    QVERIFY(hit && hit->index == 2 && hit->describe() == "NaN");
    QVERIFY(!findNonFinite(StDType::F16, bytesOf(std::vector<std::uint16_t>{0x3C00, 0x7BFF})));
    // Integer data with the same bit patterns is never "non-finite".
    QVERIFY(!findNonFinite(StDType::I32, bytesOf(std::vector<std::int32_t>{0x7F800000})));

    TensorEntry e;
    e.name = "model.layers.0.mlp.up_proj.weight";
    e.dtype = StDType::F32;
    try {
        requireFiniteValues(e, bytesOf(f32), "w.safetensors");
        QFAIL("non-finite weights accepted");
    } catch (const ts::Error& err) {
        QCOMPARE(std::string(err.what()),
                 std::string("w.safetensors: key 'model.layers.0.mlp.up_proj.weight': tensor holds "
                             "-Inf at element 3 (weights must be finite; the checkpoint is "
                             "damaged or diverged)"));
    }
}

void TestSafetensors::malformedFilesAreRefused_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");  // part of the message
    QTest::addColumn<QString>("tensor");    // tensor named in the message ("" for none)
    const auto row = [](const char* tag, const std::string& bytes, const char* expected,
                        const char* tensor = "") {
        QTest::newRow(tag) << QByteArray(bytes.data(), static_cast<int>(bytes.size()))
                           << QString(expected) << QString(tensor);
    };
    const std::string ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    row("empty file", "", "too small");
    row("truncated length", std::string("\x10\0\0", 3), "too small");
    row("header past end", le64(1000) + "{}", "runs past the end");
    row("huge header length", le64(std::uint64_t(1) << 62) + "{}", "exceeds the maximum");
    row("max u64 length", le64(std::numeric_limits<std::uint64_t>::max()), "exceeds the maximum");
    row("non-JSON header", image("{not json", ""), "not valid JSON");
    row("header not an object", image("[1,2]", ""), "not an object");
    row("bad UTF-8", image("{\"\xff\":1}", ""), "not valid JSON");
    row("deep nesting", image(std::string(5000, '[') + std::string(5000, ']'), ""),
        "nested too deeply");
    row("entry not object", image(R"({"a":5})", ""), "not an object", "a");
    row("missing dtype", image(R"({"a":{"shape":[1],"data_offsets":[0,4]}})", std::string(4, 'x')),
        "no dtype", "a");
    row("unknown dtype",
        image(R"({"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})", std::string(4, 'x')),
        "unknown dtype", "a");
    row("negative dim",
        image(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", std::string(4, 'x')),
        "non-negative", "a");
    row("fractional dim",
        image(R"({"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", std::string(4, 'x')),
        "non-negative", "a");
    row("shape overflow",
        image(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,4]}})",
              std::string(4, 'x')),
        "overflows", "a");
    row("byte size overflow",
        image(R"({"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,4]}})",
              std::string(4, 'x')),
        "overflows", "a");
    row("offsets missing", image(R"({"a":{"dtype":"F32","shape":[1]}})", std::string(4, 'x')),
        "data_offsets", "a");
    row("three offsets",
        image(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", std::string(8, 'x')),
        "data_offsets", "a");
    row("negative offset",
        image(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", std::string(4, 'x')),
        "data_offsets", "a");
    row("offsets out of order",
        image(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})", std::string(8, 'x')),
        "out of order", "a");
    row("end outside data", image(ok, std::string(4, 'x')), "outside the data area", "a");
    row("wrong dtype size",
        image(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,6]}})", std::string(6, 'x')),
        "needs 8", "a");
    row("overlapping offsets",
        image(
            R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
            std::string(12, 'x')),
        "overlap", "b");
    row("gap between tensors",
        image(
            R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
            std::string(12, 'x')),
        "gap", "b");
    row("trailing data", image(ok, std::string(12, 'x')), "trailing");
    row("metadata not strings", image(R"({"__metadata__":{"k":1}})", ""), "must be strings",
        "__metadata__.k");
    row("metadata not object", image(R"({"__metadata__":[1]})", ""), "object of strings",
        "__metadata__");
}

void TestSafetensors::malformedFilesAreRefused() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QFETCH(QString, tensor);
    const auto dir = ts::test::scratchDir("st_malformed");
    const std::string name = "bad.safetensors";
    const std::string msg = openError(dir, name, bytes.toStdString());
    QVERIFY2(!msg.empty(), "malformed file was accepted");
    QVERIFY2(msg.find(expected.toStdString()) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find(name) != std::string::npos, msg.c_str());
    if (!tensor.isEmpty())
        QVERIFY2(msg.find("'" + tensor.toStdString() + "'") != std::string::npos, msg.c_str());
    // The in-memory validator applies the same rules.
    QVERIFY_THROWS_EXCEPTION(
        ts::Error,
        SafetensorsFile::fromBytes(std::string_view(bytes.constData(), bytes.size()), name));
}

void TestSafetensors::everyTruncationIsRefused() {
    const auto dir = ts::test::scratchDir("st_truncate");
    const float v[6] = {1, 2, 3, 4, 5, 6};
    const std::int64_t i[2] = {1, 2};
    SafetensorsWriter w;
    w.add("w", StDType::F32, {2, 3}, v, sizeof v);
    w.add("ids", StDType::I64, {2}, i, sizeof i);
    w.write(dir / "full.safetensors");
    std::ifstream in(dir / "full.safetensors", std::ios::binary);
    const std::string full((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QVERIFY(openError(dir, "full_copy.safetensors", full).empty());
    for (std::size_t n = 0; n < full.size(); ++n) {
        const std::string msg = openError(dir, "cut.safetensors", full.substr(0, n));
        QVERIFY2(!msg.empty(), qPrintable(QString("prefix of %1 bytes accepted").arg(n)));
    }
}

void TestSafetensors::randomCorruptionNeverCrashes() {
    const float v[4] = {1, 2, 3, 4};
    SafetensorsWriter w;
    w.add("a", StDType::F32, {4}, v, sizeof v);
    w.add("b", StDType::F32, {2}, v, 8);
    const auto dir = ts::test::scratchDir("st_fuzz");
    w.write(dir / "f.safetensors");
    std::ifstream in(dir / "f.safetensors", std::ios::binary);
    const std::string full((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::mt19937 rng(1234);
    int accepted = 0, refused = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        std::string b = full;
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < flips; ++k) b[rng() % b.size()] = static_cast<char>(rng() & 0xff);
        try {
            const auto f = SafetensorsFile::fromBytes(b, "fuzz");
            for (const auto& e : f.tensors()) {
                // Every accepted entry lies inside the image.
                const auto bytes = f.bytes(e);
                QVERIFY(bytes.data() >= b.data() &&
                        bytes.data() + bytes.size() <= b.data() + b.size());
            }
            ++accepted;
        } catch (const ts::Error&) {
            ++refused;
        }
    }
    QCOMPARE(accepted + refused, 3000);
    QVERIFY(refused > 0);
}

void TestSafetensors::notAFile() {
    const auto dir = ts::test::scratchDir("st_notfile");
    try {
        SafetensorsFile::open(dir);
        QFAIL("directory accepted");
    } catch (const ts::Error& e) {
        QVERIFY(std::string(e.what()).find("not a regular file") != std::string::npos);
    }
    try {
        SafetensorsFile::open(dir / "missing.safetensors");
        QFAIL("missing file accepted");
    } catch (const ts::Error& e) {
        QVERIFY(std::string(e.what()).find("missing.safetensors") != std::string::npos);
    }
}

void TestSafetensors::shardedIndex() {
    const auto dir = ts::test::scratchDir("st_sharded");
    const float a[2] = {1, 2}, b[3] = {3, 4, 5};
    SafetensorsWriter w1, w2;
    w1.add("x.weight", StDType::F32, {2}, a, sizeof a);
    w2.add("y.weight", StDType::F32, {3}, b, sizeof b);
    w1.write(dir / "model-00001-of-00002.safetensors");
    w2.write(dir / "model-00002-of-00002.safetensors");
    ts::test::writeText(
        dir / "model.safetensors.index.json",
        R"({"metadata":{"total_size":20},"weight_map":{"x.weight":"model-00001-of-00002.safetensors",)"
        R"("y.weight":"model-00002-of-00002.safetensors"}})");
    const auto c = CheckpointFiles::open(dir);
    QVERIFY(c.sharded());
    QCOMPARE(c.files().size(), std::size_t(2));
    QCOMPARE(c.names(), (std::vector<std::string>{"x.weight", "y.weight"}));
    QCOMPARE(c.totalBytes(), std::uint64_t(20));
    float got[3];
    std::memcpy(got, c.bytes("y.weight").data(), sizeof got);
    QCOMPARE(got[2], 5.0f);
    QVERIFY_THROWS_EXCEPTION(ts::Error, c.entry("z"));
}

void TestSafetensors::shardIndexRefusesBadEntries() {
    const auto dir = ts::test::scratchDir("st_badindex");
    const float a[2] = {1, 2};
    SafetensorsWriter w;
    w.add("x", StDType::F32, {2}, a, sizeof a);
    w.write(dir / "s1.safetensors");
    const auto expectError = [&](const std::string& index, const std::string& part) {
        ts::test::writeText(dir / "model.safetensors.index.json", index);
        try {
            CheckpointFiles::open(dir);
        } catch (const ts::Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find(part) != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("model.safetensors.index.json") != std::string::npos, msg.c_str());
            return;
        }
        QFAIL(("index accepted: " + index).c_str());
    };
    expectError(R"({"weight_map":{"x":"../s1.safetensors"}})", "plain file name");
    expectError(R"({"weight_map":{"x":"/etc/passwd"}})", "plain file name");
    expectError(R"({"weight_map":{"x":"absent.safetensors"}})", "does not exist");
    expectError(R"({"weight_map":{"y":"s1.safetensors"}})", "absent from shard");
    expectError(R"({"weight_map":{"x":3}})", "must be a string");
    expectError(R"({"nothing":1})", "weight_map");
    expectError(R"({"weight_map":{}})", "empty");
    expectError("not json", "not a JSON object");
    std::filesystem::remove(dir / "model.safetensors.index.json");
    QVERIFY_THROWS_EXCEPTION(ts::Error,
                             CheckpointFiles::open(dir));  // neither index nor model.safetensors
}

void TestSafetensors::shardPlanning() {
    const auto one = planShards({10, 20, 30}, 100);
    QCOMPARE(one.fileNames, std::vector<std::string>{"model.safetensors"});
    const auto three = planShards({60, 50, 30, 200, 1}, 100);
    QCOMPARE(three.fileNames.size(), std::size_t(4));
    QCOMPARE(three.fileNames[0], std::string("model-00001-of-00004.safetensors"));
    QCOMPARE(three.members[0], std::vector<std::size_t>{0});
    QCOMPARE(three.members[1], (std::vector<std::size_t>{1, 2}));
    QCOMPARE(three.members[2], std::vector<std::size_t>{3});  // larger than the limit: alone
    QCOMPARE(three.members[3], std::vector<std::size_t>{4});
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
