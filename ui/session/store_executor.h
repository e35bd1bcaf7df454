#pragma once
// One worker thread with its own connection to the project file. The UI hands
// it work as a function of the open Project; the work runs on the worker
// thread, one task at a time in order, and its value result comes back to a
// receiver object on the receiver's thread through a queued call. Widgets are
// never touched off the GUI thread, and nothing but the delivery runs there.
//
// SQLite in WAL mode lets several connections read while one writes, so the
// workbench keeps three executors (ProjectSession): the reader for the item
// list and item view, the analysis one for statistics and comparisons, and
// the writer for annotations. A long statistics query never delays scrolling
// or a save.
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

#include "core/store/project.h"
#include "core/util/error.h"
#include "ui/session/request_channel.h"

namespace ts::ui {

// Lives on the worker thread; owns the connection.
class StoreWorkerContext : public QObject {
    Q_OBJECT
public:
    std::optional<store::Project> project;
};

class StoreExecutor : public QObject {
    Q_OBJECT
public:
    explicit StoreExecutor(const QString& name, QObject* parent = nullptr);
    ~StoreExecutor() override;

    // Opens `path` on the worker thread (closing any previous file), creating
    // a new project there when asked and the file does not exist; errors reach
    // `failed`. Work queued after open() sees the new project.
    // readOnly: Project::openReadOnly (never writes the file; every write fails).
    // checks: FurtherConnection where another executor of the session has
    // just opened the same file with the full checks.
    void open(const QString& path, bool createIfMissing = false, bool readOnly = false,
              store::OpenChecks checks = store::OpenChecks::Full);
    void close();

    // Runs work(project) on the worker thread and, unless the ticket went
    // stale meanwhile, calls done(result) on the receiver's thread. A ts::Error
    // (or any std::exception) goes to failed(message) instead, or to the
    // executor's failed signal when no handler is given.
    template <typename R>
    void run(QObject* receiver, std::function<R(store::Project&)> work,
             std::function<void(R)> done, std::function<void(QString)> failed = {},
             RequestTicket ticket = {}) {
        QPointer<QObject> guard(receiver);
        auto deliver = [this, guard, ticket, done, failed](std::shared_ptr<R> value,
                                                           QString error) {
            if (!guard) return;
            QMetaObject::invokeMethod(
                guard.data(),
                [this, ticket, done, failed, value, error] {
                    if (!ticket.current()) return;
                    if (value) {
                        if (done) done(std::move(*value));
                    } else if (failed) {
                        failed(error);
                    } else {
                        Q_EMIT this->failed(error);
                    }
                },
                Qt::QueuedConnection);
        };
        post([work, deliver, ticket](StoreWorkerContext& ctx) {
            if (!ticket.current()) return;  // superseded before it started
            try {
                if (!ctx.project) throw Error("no project is open");
                deliver(std::make_shared<R>(work(*ctx.project)), {});
            } catch (const std::exception& e) {
                deliver(nullptr, QString::fromStdString(e.what()));
            }
        });
    }

    // Blocks until every task queued so far has run (tests, shutdown).
    void waitForIdle();

Q_SIGNALS:
    void failed(const QString& message);
    void opened(const QString& path);
    // open() refused or could not open `path` (the message names the file).
    void openFailed(const QString& path, const QString& message);

private:
    void post(std::function<void(StoreWorkerContext&)> task);

    QThread thread_;
    StoreWorkerContext* context_ = nullptr;
};

}  // namespace ts::ui
