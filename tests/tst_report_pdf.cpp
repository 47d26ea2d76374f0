// SPDX-License-Identifier: GPL-3.0-or-later
// The app's PDF export (ui/report_exporter): the report's charts are in the PDF, as images drawn from their SVG.
#include "report/html_report.h"
#include "report/report_charts.h"
#include "report/report_data.h"
#include "report_exporter.h"
#include "report_fixture.h"
#include "store/session_store.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

QByteArray bytesOf(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Pixels of IMAGE within a small distance of COLOUR.
int pixelsNear(const QImage& image, QColor colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) + std::abs(c.blue() - colour.blue()) < 40;
        }
    }
    return n;
}

} // namespace

class TestReportPdf : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.path() + QStringLiteral("/s.db");
        test::makeCodeIdeaSession(m_db.toStdString());
    }

    void pdfHoldsOneImagePerChart()
    {
        const auto data = computeReportData(*SessionStore::open(m_db.toStdString(), SessionStore::Access::ReadOnly));
        const auto charts = reportCharts(data);
        QCOMPARE(charts.size(), size_t(3)); // progress, idea effects, LLM spend

        const QString pdf = m_dir.path() + QStringLiteral("/r.pdf");
        QCOMPARE(ui::exportReport(m_db, pdf), QString());
        const QByteArray bytes = bytesOf(pdf);
        QVERIFY(bytes.startsWith("%PDF"));
        // Qt writes each image as an XObject with its own dictionary (uncompressed): one per chart, drawn at 3x.
        QCOMPARE(static_cast<size_t>(bytes.count("/Subtype /Image")), charts.size());
        static const QRegularExpression widths(QStringLiteral("/Subtype /Image\\s*/Width (\\d+)"));
        int drawn = 0;
        for (auto it = widths.globalMatch(QString::fromLatin1(bytes)); it.hasNext();)
            drawn += it.next().captured(1).toInt() == 3 * kChartImageWidth;
        QCOMPARE(static_cast<size_t>(drawn), charts.size());

        // The HTML export of the same session has the charts as SVG and no images at all.
        const QString html = m_dir.path() + QStringLiteral("/r.html");
        QCOMPARE(ui::exportReport(m_db, html), QString());
        QCOMPARE(static_cast<size_t>(bytesOf(html).count("<svg ")), charts.size());
        QVERIFY(!bytesOf(html).contains("<img"));
    }

    void imagesShowTheCharts()
    {
        // What the images hold: extracted with pdfimages, the progress chart has its blue line and dots and
        // its red failure cross; no image is blank.
        if (QStandardPaths::findExecutable(QStringLiteral("pdfimages")).isEmpty())
            QSKIP("pdfimages (poppler-utils) is not installed");
        const QString pdf = m_dir.path() + QStringLiteral("/c.pdf");
        QCOMPARE(ui::exportReport(m_db, pdf), QString());
        const QString out = m_dir.path() + QStringLiteral("/img");
        QDir().mkpath(out);
        QProcess extract;
        extract.start(QStringLiteral("pdfimages"), { QStringLiteral("-png"), pdf, out + QStringLiteral("/chart") });
        QVERIFY(extract.waitForFinished(60000));
        QCOMPARE(extract.exitCode(), 0);
        const auto files = QDir(out).entryList({ QStringLiteral("chart-*.png") }, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 3);
        const QImage progress(out + QLatin1Char('/') + files.front()); // the first chart in the document
        QVERIFY(!progress.isNull());
        QCOMPARE(progress.width(), 3 * kChartImageWidth);
        QVERIFY2(pixelsNear(progress, QColor(0x1f, 0x6f, 0xeb)) > 500, "no blue best-so-far line or dots");
        QVERIFY2(pixelsNear(progress, QColor(0xcf, 0x22, 0x2e)) > 20, "no red failure cross");
        for (const auto& name : files) {
            const QImage image(out + QLatin1Char('/') + name);
            QVERIFY2(pixelsNear(image, Qt::white) < image.width() * image.height() * 98 / 100, qPrintable(name + QStringLiteral(" is blank")));
        }
    }
};

QTEST_MAIN(TestReportPdf)
#include "tst_report_pdf.moc"
