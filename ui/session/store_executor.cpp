#include "ui/session/store_executor.h"

#include <QSemaphore>

namespace ts::ui {

StoreExecutor::StoreExecutor(const QString& name, QObject* parent) : QObject(parent) {
    thread_.setObjectName(name);
    context_ = new StoreWorkerContext;
    context_->moveToThread(&thread_);
    // The connection must be closed on the thread that used it.
    connect(&thread_, &QThread::finished, context_, [ctx = context_] {
        ctx->project.reset();
        delete ctx;
    });
    thread_.start();
}

StoreExecutor::~StoreExecutor() {
    thread_.quit();
    thread_.wait();
}

void StoreExecutor::post(std::function<void(StoreWorkerContext&)> task) {
    QMetaObject::invokeMethod(
        context_, [ctx = context_, task = std::move(task)] { task(*ctx); }, Qt::QueuedConnection);
}

void StoreExecutor::open(const QString& path, bool createIfMissing, bool readOnly,
                         store::OpenChecks checks) {
    QPointer<StoreExecutor> self(this);
    post([self, path, createIfMissing, readOnly, checks](StoreWorkerContext& ctx) {
        ctx.project.reset();
        QString error;
        try {
            const std::string file = path.toStdString();
            ctx.project.emplace(readOnly          ? store::Project::openReadOnly(file, checks)
                                : createIfMissing ? store::Project::openOrCreate(file)
                                                  : store::Project::open(file, checks));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (!self) return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, path, error] {
                if (!self) return;
                if (error.isEmpty())
                    Q_EMIT self->opened(path);
                else
                    Q_EMIT self->openFailed(path, error);
            },
            Qt::QueuedConnection);
    });
}

void StoreExecutor::close() {
    post([](StoreWorkerContext& ctx) { ctx.project.reset(); });
}

void StoreExecutor::waitForIdle() {
    QSemaphore done;
    post([&done](StoreWorkerContext&) { done.release(); });
    done.acquire();
}

}  // namespace ts::ui
