// SHA-256 against FIPS 180-4's example digests and against coreutils'
// sha256sum (an independent implementation) on a file of every byte value.
#include <QtTest>

#include <fstream>

#include "core/util/error.h"
#include "core/util/sha256.h"
#include "tests/common/cli_process.h"
#include "tests/common/test_support.h"

class TestSha256 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownDigests() {
        QCOMPARE(ts::sha256Hex(""),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(ts::sha256Hex("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(ts::sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                 std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        QCOMPARE(ts::sha256Hex(std::string(1000000, 'a')),
                 std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
        // Chunked updates across block boundaries give the same digest.
        ts::Sha256 s;
        const std::string text(1000, 'x');
        for (std::size_t i = 0; i < text.size(); i += 7)
            s.update(std::string_view(text).substr(i, 7));
        QCOMPARE(s.hexDigest(), ts::sha256Hex(text));
    }

    void fileMatchesCoreutils() {
        const auto dir = ts::test::scratchDir("sha256");
        const auto file = dir / "bytes.bin";
        {
            std::ofstream out(file, std::ios::binary);
            for (int round = 0; round < 300; ++round)
                for (int b = 0; b < 256; ++b) out.put(static_cast<char>(b ^ round));
        }
        const auto r = ts::test::runProcess("sha256sum", {ts::test::qpath(file)});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(ts::sha256OfFile(file), r.out.substr(0, 64));
        QVERIFY_THROWS_EXCEPTION(ts::Error, ts::sha256OfFile(dir / "missing"));
    }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "test_sha256.moc"
