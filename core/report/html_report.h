// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/report_charts.h"
#include "report/report_data.h"

#include <string>

namespace phylo {

struct HtmlReportOptions {
    /// Each chart as <img src="chartImageName(chart)"> instead of inline SVG, for a renderer that draws
    /// no SVG (the app's PDF export supplies the images).
    bool chartsAsImages = false;
};

/// One self-contained HTML file (inline CSS and inline SVG charts, no scripts, no links out).
std::string renderHtmlReport(const ReportData& data, const HtmlReportOptions& options = {});

/// The image name a chart has in the HTML with chartsAsImages: "chart-progress.png".
std::string chartImageName(const ReportChart& chart);

/// The CSS of the diff lines (in the page's <style>), plain enough for QTextDocument, which ignores that
/// stylesheet (custom properties): the PDF export sets it as the document's default.
extern const char* const kDiffStyle;

/// Display width of a chart drawn as an image, in CSS pixels.
constexpr int kChartImageWidth = 680;

/// Escapes & < > " ' for HTML text and attribute values.
std::string htmlEscape(const std::string& text);

} // namespace phylo
