// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_exporter.h"

#include "report/html_report.h"
#include "report/report_charts.h"
#include "report/markdown_report.h"
#include "report/report_data.h"
#include "store/session_store.h"

#include <QFile>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <exception>

namespace phylo::ui {

namespace {
    QString writeText(const QString& path, const std::string& text)
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()))
            return QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return {};
    }

    /// CHART drawn from its SVG at SCALE times its display width (sharp when printed), on white.
    QImage chartImage(const ReportChart& chart, int scale)
    {
        QSvgRenderer renderer(QByteArray::fromStdString(chart.svg));
        const int width = kChartImageWidth * scale;
        const int height = width * chart.height / std::max(chart.width, 1);
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(Qt::white);
        if (!renderer.isValid())
            return {};
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        renderer.render(&painter, QRectF(0, 0, width, height));
        return image;
    }

    /// The HTML report printed by QTextDocument, which draws no SVG: each chart goes in as an image.
    QString writePdf(const QString& path, const ReportData& data)
    {
        QTextDocument document;
        for (const auto& chart : reportCharts(data)) {
            const QImage image = chartImage(chart, 3);
            if (image.isNull())
                return QObject::tr("Cannot draw the report's %1 chart").arg(QString::fromStdString(chart.id));
            document.addResource(QTextDocument::ImageResource, QUrl(QString::fromStdString(chartImageName(chart))), image);
        }
        document.setDefaultStyleSheet(QString::fromLatin1(kDiffStyle));
        HtmlReportOptions options;
        options.chartsAsImages = true;
        document.setHtml(QString::fromStdString(renderHtmlReport(data, options)));
        QPdfWriter writer(path);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setTitle(QObject::tr("PhyloEvolve report"));
        writer.setCreator(QStringLiteral("PhyloEvolve"));
        document.print(&writer);
        if (!QFileInfo(path).isFile() || QFileInfo(path).size() == 0)
            return QObject::tr("Cannot write %1").arg(path);
        return {};
    }
}

QString exportReport(const QString& sessionPath, const QString& outPath)
{
    const QString suffix = QFileInfo(outPath).suffix().toLower();
    try {
        const auto store = SessionStore::open(sessionPath.toStdString(), SessionStore::Access::ReadOnly);
        const auto data = computeReportData(*store);
        if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
            return writeText(outPath, renderHtmlReport(data));
        if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
            return writeText(outPath, renderMarkdownReport(data));
        if (suffix == QLatin1String("pdf"))
            return writePdf(outPath, data);
        return QObject::tr("Unknown report format \"%1\": choose .html, .md or .pdf").arg(suffix);
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
}

} // namespace phylo::ui
