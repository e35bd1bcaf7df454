#include "ui/export/widget_export.h"

#include <QFileInfo>
#include <QImage>
#include <QLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>

namespace ts::ui {

ImageFormat imageFormatForPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("svg")) return ImageFormat::Svg;
    if (suffix == QLatin1String("pdf")) return ImageFormat::Pdf;
    return ImageFormat::Png;
}

namespace {

// Lays the widget out at `size` for the duration of a render.
class SizeOverride {
public:
    SizeOverride(QWidget* w, QSize size) : w_(w), old_(w->size()), wasVisible_(w->isVisible()) {
        if (!w_->isWindow() && !wasVisible_) w_->ensurePolished();
        w_->resize(size);
        if (auto* layout = w_->layout()) layout->activate();
    }
    ~SizeOverride() {
        w_->resize(old_);
        if (auto* layout = w_->layout()) layout->activate();
    }

private:
    QWidget* w_;
    QSize old_;
    bool wasVisible_;
};

}  // namespace

bool exportWidget(QWidget* widget, const QString& path, QSize size, QString* error) {
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        return false;
    };
    if (!widget) return fail(QStringLiteral("nothing to export"));
    if (size.isEmpty()) size = widget->size();
    SizeOverride sized(widget, size);
    const QWidget::RenderFlags flags = QWidget::DrawWindowBackground | QWidget::DrawChildren;
    switch (imageFormatForPath(path)) {
        case ImageFormat::Png: {
            QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
            image.setDevicePixelRatio(2.0);
            image.fill(widget->palette().color(QPalette::Window));
            QPainter p(&image);
            widget->render(&p, {}, {}, flags);
            p.end();
            if (!image.save(path, "PNG")) return fail(QStringLiteral("cannot write %1").arg(path));
            return true;
        }
        case ImageFormat::Svg: {
            QSvgGenerator svg;
            svg.setFileName(path);
            // 96 dpi, the CSS pixel: browsers and editors show the asked size.
            svg.setResolution(96);
            svg.setSize(size);
            svg.setViewBox(QRect(QPoint(0, 0), size));
            svg.setTitle(QStringLiteral("TraceScope export"));
            QPainter p;
            if (!p.begin(&svg)) return fail(QStringLiteral("cannot write %1").arg(path));
            widget->render(&p, {}, {}, flags);
            p.end();
            return true;
        }
        case ImageFormat::Pdf: {
            QPdfWriter pdf(path);
            pdf.setResolution(96);
            pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setTitle(QStringLiteral("TraceScope export"));
            QPainter p;
            if (!p.begin(&pdf)) return fail(QStringLiteral("cannot write %1").arg(path));
            // Points are 1/72 inch; the widget is laid out in 1/96-inch pixels.
            const double scale = double(pdf.width()) / double(size.width());
            p.scale(scale, scale);
            widget->render(&p, {}, {}, flags);
            p.end();
            return true;
        }
    }
    return fail(QStringLiteral("unknown format"));
}

}  // namespace ts::ui
