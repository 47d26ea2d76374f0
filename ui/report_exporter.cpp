// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_exporter.h"

#include "report/html_report.h"
#include "report/markdown_report.h"
#include "report/report_data.h"
#include "store/session_store.h"

#include <QFile>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTextDocument>

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

    QString writePdf(const QString& path, const std::string& html)
    {
        // QTextDocument renders a subset of HTML and no SVG: leave the chart out, say where it is.
        QString text = QString::fromStdString(html);
        static const QRegularExpression svg(QStringLiteral("<svg[\\s\\S]*?</svg>"));
        text.replace(svg, QObject::tr("<p><i>(The chart is in the HTML report.)</i></p>"));
        QPdfWriter writer(path);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setTitle(QObject::tr("PhyloEvolve report"));
        writer.setCreator(QStringLiteral("PhyloEvolve"));
        QTextDocument document;
        document.setHtml(text);
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
            return writePdf(outPath, renderHtmlReport(data));
        return QObject::tr("Unknown report format \"%1\": choose .html, .md or .pdf").arg(suffix);
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
}

} // namespace phylo::ui
