#pragma once
// Renders any widget (a heat table, a chart, the item view as a slide) to
// PNG, SVG (QSvgGenerator) or PDF (QPdfWriter) at a chosen size: the widget
// is laid out at that size for the render, so text stays crisp and the
// export does not depend on the window's size.
#include <QSize>
#include <QString>

class QWidget;

namespace ts::ui {

enum class ImageFormat { Png, Svg, Pdf };

// From the file suffix (.png, .svg, .pdf); Png when unknown.
ImageFormat imageFormatForPath(const QString& path);

// Renders widget at size (logical pixels; PNG at devicePixelRatio 2 for a
// sharp slide) into path. Returns false and sets *error on failure.
bool exportWidget(QWidget* widget, const QString& path, QSize size, QString* error = nullptr);

// The slide size: 1600 x 900 logical pixels (16:9).
inline QSize slideSize() { return {1600, 900}; }

}  // namespace ts::ui
