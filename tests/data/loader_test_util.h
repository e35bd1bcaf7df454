#pragma once
// Helpers shared by the loader tests: expecting a ts::Error and checking
// where it points.
#include <QtTest>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/util/error.h"
#include "core/util/text.h"

namespace ts::test {

// Runs fn, which must throw ts::Error; returns it for inspection.
template <typename Fn>
ts::Error expectError(Fn fn) {
    try {
        fn();
    } catch (const ts::Error& e) {
        return e;
    }
    throw std::runtime_error("expected a ts::Error, nothing was thrown");
}

// Verifies the error names the file's name, the line (0: any) and the key
// (empty: any), and that its message contains fragment.
inline void checkErrorAt(const ts::Error& e, const std::filesystem::path& file, std::size_t line,
                         const std::string& key, const std::string& fragment) {
    const std::string what = e.what();
    QVERIFY2(ts::contains(e.where().file, file.filename().string()), what.c_str());
    if (line) QVERIFY2(e.where().line == line, what.c_str());
    if (!key.empty()) QVERIFY2(e.where().key == key, what.c_str());
    QVERIFY2(ts::contains(e.message(), fragment), what.c_str());
}

}  // namespace ts::test

// Expands to a check that `expr` throws a ts::Error located as described.
#define TS_EXPECT_ERROR_AT(expr, file, line, key, fragment)                    \
    do {                                                                       \
        const ts::Error tsErr_ = ts::test::expectError([&] { (void)(expr); }); \
        ts::test::checkErrorAt(tsErr_, file, line, key, fragment);             \
        if (QTest::currentTestFailed()) return;                                \
    } while (0)
