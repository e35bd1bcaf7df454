// The job framework and the objects it documents as shareable between
// threads, hammered from several threads at once: meant for the ThreadSanitizer
// build (`cmake --preset tsan`, docs/RELIABILITY.md), and an ordinary unit test
// elsewhere (the results are compared with single-threaded ones).
//   - ProgressSink / CancelToken: one token, many reporting workers and stage
//     sinks, a controller cancelling; every worker unwinds with ts::Cancelled.
//   - Tokenizer: encode is const and thread-safe, its word cache internally
//     synchronized - many threads over a small (evicting) cache must produce
//     exactly the single-threaded ids.
//   - ChatTemplate: render is const and thread-safe.
#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

#include "core/jobs/progress.h"
#include "core/model/chat/chat_template.h"
#include "core/model/tokenizer/bpe_trainer.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace {

constexpr int kThreads = 6;

std::vector<std::string> corpusLines() {
    std::vector<std::string> lines;
    const char* words[] = {"Mary", "moved", "to", "the", "bathroom", "John", "went", "hallway", "Where", "is",
                           "Daniel", "journeyed", "office", "garden", "kitchen", "picked", "up", "apple", "football"};
    for (int i = 0; i < 600; ++i) {
        std::string line = std::to_string(i % 15 + 1);
        for (int k = 0; k < 9; ++k) line += std::string(" ") + words[(i * 7 + k * 3) % 19];
        line += i % 3 ? "." : "?\t" + std::string(words[i % 19]) + "\t" + std::to_string(i % 4 + 1);
        lines.push_back(line);
    }
    return lines;
}

}  // namespace

class TestJobThreads : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneCancelStopsEveryWorker() {
        ts::CancelToken token;
        std::atomic<long long> reports{0};
        const ts::ProgressSink root(
            [&](const ts::Progress& p) {
                reports.fetch_add(1, std::memory_order_relaxed);
                return p.fraction >= 0.0;
            },
            token);
        std::atomic<int> cancelled{0}, started{0};
        std::vector<std::thread> workers;
        for (int w = 0; w < kThreads; ++w) {
            workers.emplace_back([&, w] {
                const ts::ProgressSink sink = root.stage(double(w) / kThreads, double(w + 1) / kThreads);
                started.fetch_add(1);
                try {
                    for (long long i = 0;; ++i) {
                        sink.report(double(i % 1000) / 1000.0, "step " + std::to_string(i));
                        if (i % 64 == 0) std::this_thread::yield();
                    }
                } catch (const ts::Cancelled&) {
                    cancelled.fetch_add(1);
                }
            });
        }
        while (started.load() < kThreads || reports.load() < 10000) std::this_thread::yield();
        token.request();
        for (auto& t : workers) t.join();
        QCOMPARE(cancelled.load(), kThreads);
        QVERIFY(root.cancelled());
    }

    void callbackRefusalStopsTheWorker() {
        std::atomic<int> calls{0};
        const ts::ProgressSink sink([&](const ts::Progress&) { return calls.fetch_add(1) < 500; });
        std::atomic<int> cancelled{0};
        std::vector<std::thread> workers;
        for (int w = 0; w < kThreads; ++w)
            workers.emplace_back([&] {
                try {
                    for (int i = 0; i < 100000; ++i) sink.report(0.5, "x");
                } catch (const ts::Cancelled&) {
                    cancelled.fetch_add(1);
                }
            });
        for (auto& t : workers) t.join();
        QCOMPARE(cancelled.load(), kThreads);
    }

    void tokenizerEncodesTheSameFromManyThreads() {
        ts::BpeTrainerOptions options;
        options.vocabSize = 400;
        options.specialTokens = {"<|begin|>", "<|end|>"};
        ts::BpeTrainer trainer(options);
        const auto lines = corpusLines();
        for (const auto& l : lines) trainer.addText(l);
        ts::Tokenizer tokenizer(trainer.train());
        tokenizer.setWordCacheCapacity(64);  // far fewer entries than distinct words: constant eviction
        std::vector<std::vector<std::int32_t>> expected;
        {
            ts::Tokenizer reference(trainer.train());
            reference.setWordCacheCapacity(0);
            for (const auto& l : lines) expected.push_back(reference.encode("<|begin|>" + l + "<|end|>"));
        }
        std::atomic<int> mismatches{0};
        std::vector<std::thread> workers;
        for (int w = 0; w < kThreads; ++w)
            workers.emplace_back([&, w] {
                for (int round = 0; round < 4; ++round)
                    for (std::size_t i = std::size_t(w); i < lines.size(); i += 1 + std::size_t(round))
                        if (tokenizer.encode("<|begin|>" + lines[i] + "<|end|>") != expected[i])
                            mismatches.fetch_add(1);
            });
        for (auto& t : workers) t.join();
        QCOMPARE(mismatches.load(), 0);
        const auto stats = tokenizer.wordCacheStats();
        QVERIFY(stats.hits > 0);
    }

    void chatTemplateRendersTheSameFromManyThreads() {
        const ts::ChatTemplate tmpl(
            "{% for m in messages %}{% if loop.first %}{{ bos_token }}{% endif %}<|{{ m.role }}|>\n"
            "{{ m.content | trim }}{% if not loop.last %}\n{% endif %}{% endfor %}"
            "{% if add_generation_prompt %}<|assistant|>{% endif %}",
            "threads");
        ts::ChatRenderOptions options;
        options.bosToken = "<s>";
        options.addGenerationPrompt = true;
        const auto lines = corpusLines();
        const auto messagesOf = [&](std::size_t i) {
            return std::vector<ts::ChatMessage>{{"system", "Be brief."}, {"user", lines[i]}, {"assistant", lines[i + 1]}};
        };
        std::vector<std::string> expected;
        for (std::size_t i = 0; i + 1 < lines.size(); ++i) expected.push_back(tmpl.render(messagesOf(i), options));
        std::atomic<int> mismatches{0};
        std::vector<std::thread> workers;
        for (int w = 0; w < kThreads; ++w)
            workers.emplace_back([&, w] {
                for (std::size_t i = std::size_t(w); i + 1 < lines.size(); i += kThreads)
                    if (tmpl.render(messagesOf(i), options) != expected[i]) mismatches.fetch_add(1);
            });
        for (auto& t : workers) t.join();
        QCOMPARE(mismatches.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJobThreads)
#include "test_job_threads.moc"
