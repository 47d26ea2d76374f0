// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/report_charts.h"

#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace phylo {

namespace {

    constexpr const char* kMuted = "#5b6670";
    constexpr const char* kGrid = "#eaeef2";
    constexpr const char* kAccent = "#1f6feb";
    constexpr const char* kBad = "#cf222e";
    constexpr const char* kNeutral = "#8c959f";

    /// A round step that cuts [0, TOP] into about five parts.
    double niceStep(double top)
    {
        if (!(top > 0))
            return 1;
        const double raw = top / 5;
        const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
        for (double m : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
            if (raw <= m * magnitude)
                return m * magnitude;
        }
        return 10 * magnitude;
    }

    /// The plot area of a chart and its mapping from data to SVG coordinates.
    struct Frame {
        double width, height, left, right, top, bottom;
        double xMax = 1, yMax = 1;
        double plotWidth() const { return width - left - right; }
        double plotHeight() const { return height - top - bottom; }
        double x(double v) const { return left + plotWidth() * v / xMax; }
        double y(double v) const { return top + plotHeight() * (1.0 - v / yMax); }
    };

    void open(std::ostringstream& svg, const Frame& f, const std::string& label)
    {
        svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << f.width << ' ' << f.height
            << "\" role=\"img\" aria-label=\"" << htmlEscape(label) << "\">\n"
            << "<rect x=\"0\" y=\"0\" width=\"" << f.width << "\" height=\"" << f.height << "\" fill=\"#ffffff\"/>\n";
    }

    /// Horizontal grid lines with labels every STEP on the y axis, each printed through FORMAT.
    void yGrid(std::ostringstream& svg, const Frame& f, double step, const char* format)
    {
        for (double v = 0; v <= f.yMax + 1e-9; v += step) {
            svg << "<line x1=\"" << f.left << "\" x2=\"" << f.width - f.right << "\" y1=\"" << f.y(v) << "\" y2=\""
                << f.y(v) << "\" stroke=\"" << kGrid << "\"/>";
            svg << "<text x=\"" << f.left - 6 << "\" y=\"" << f.y(v) + 4 << "\" font-size=\"11\" text-anchor=\"end\" fill=\""
                << kMuted << "\">" << htmlEscape(formatNumber(v, format)) << "</text>\n";
        }
    }

    void xLabel(std::ostringstream& svg, const Frame& f, const std::string& text)
    {
        svg << "<text x=\"" << f.left + f.plotWidth() / 2 << "\" y=\"" << f.height - 6
            << "\" font-size=\"12\" text-anchor=\"middle\" fill=\"" << kMuted << "\">" << htmlEscape(text) << "</text>\n";
    }

    void baselineLevel(std::ostringstream& svg, const Frame& f)
    {
        svg << "<line x1=\"" << f.left << "\" x2=\"" << f.width - f.right << "\" y1=\"" << f.y(1) << "\" y2=\"" << f.y(1)
            << "\" stroke=\"" << kNeutral << "\" stroke-dasharray=\"4 3\"/>\n";
    }

    ReportChart progressChart(const ReportData& data)
    {
        Frame f { 760, 300, 56, 16, 16, 40 };
        std::int64_t maxIndex = 1;
        double maxY = 1.0;
        for (const auto& p : data.points) {
            maxIndex = std::max(maxIndex, p.evalIndex);
            if (p.speedup)
                maxY = std::max(maxY, *p.speedup);
        }
        f.xMax = static_cast<double>(maxIndex);
        f.yMax = maxY * 1.1;
        const std::string title = "best speedup vs evaluation index";
        std::ostringstream svg;
        open(svg, f, title);
        yGrid(svg, f, niceStep(f.yMax), "%gx");
        const std::int64_t xstep = std::max<std::int64_t>(1, maxIndex / 10);
        for (std::int64_t i = 0; i <= maxIndex; i += xstep)
            svg << "<text x=\"" << f.x(static_cast<double>(i)) << "\" y=\"" << f.height - f.bottom + 16
                << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"" << kMuted << "\">" << i << "</text>";
        svg << "\n";
        xLabel(svg, f, "evaluation index");
        baselineLevel(svg, f);
        // Where each era starts: the first evaluation of a later era.
        for (size_t k = 1; k < data.points.size(); ++k) {
            const auto& p = data.points[k];
            if (p.era > data.points[k - 1].era) {
                const double x = f.x(static_cast<double>(p.evalIndex));
                svg << "<line x1=\"" << x << "\" x2=\"" << x << "\" y1=\"" << f.top << "\" y2=\"" << f.y(0)
                    << "\" stroke=\"" << kNeutral << "\" stroke-dasharray=\"2 3\"/>"
                    << "<text x=\"" << x + 3 << "\" y=\"" << f.top + 10 << "\" font-size=\"10\" fill=\"" << kMuted
                    << "\">era " << p.era << "</text>\n";
            }
        }
        // Best so far: a step line.
        std::ostringstream path;
        bool started = false;
        for (const auto& p : data.points) {
            if (p.bestSoFar <= 0)
                continue;
            const double x = f.x(static_cast<double>(p.evalIndex));
            if (!started)
                path << "M" << x << ' ' << f.y(p.bestSoFar);
            else
                path << " H" << x << " V" << f.y(p.bestSoFar);
            started = true;
        }
        if (started) {
            path << " H" << f.x(f.xMax);
            svg << "<path d=\"" << path.str() << "\" fill=\"none\" stroke=\"" << kAccent << "\" stroke-width=\"2\"/>\n";
        }
        // Every evaluation: a dot (failures as red crosses on the axis).
        for (const auto& p : data.points) {
            const double cx = f.x(static_cast<double>(p.evalIndex));
            if (p.speedup) {
                svg << "<circle cx=\"" << cx << "\" cy=\"" << f.y(*p.speedup) << "\" r=\"3.5\" fill=\"" << kAccent
                    << "\" fill-opacity=\"0.45\"><title>node " << p.id << ": " << formatSpeedup(*p.speedup)
                    << "</title></circle>\n";
            } else {
                const double cy = f.y(0) - 5;
                svg << "<path d=\"M" << cx - 3 << ' ' << cy - 3 << " l6 6 m0 -6 l-6 6\" stroke=\"" << kBad
                    << "\" stroke-width=\"1.5\"><title>node " << p.id << ": failed</title></path>\n";
            }
        }
        svg << "</svg>\n";
        return { "progress", title, svg.str(), static_cast<int>(f.width), static_cast<int>(f.height) };
    }

    std::string shortLabel(const std::string& label)
    {
        return label.size() <= 18 ? label : label.substr(0, 17) + "\xe2\x80\xa6"; // an ellipsis
    }

    ReportChart effectsChart(const ReportData& data)
    {
        const size_t n = data.effects.size();
        const bool slanted = n > 8;
        Frame f { 760, slanted ? 360.0 : 300.0, 56, 16, 28, slanted ? 100.0 : 40.0 };
        double maxY = 1.0;
        for (const auto& e : data.effects)
            maxY = std::max({ maxY, e.withCount ? e.meanWith : 0.0, e.withoutCount ? e.meanWithout : 0.0 });
        f.yMax = maxY * 1.1;
        const std::string title = "mean speedup with each setting vs. with its idea off";
        std::ostringstream svg;
        open(svg, f, title);
        yGrid(svg, f, niceStep(f.yMax), "%gx");
        baselineLevel(svg, f);
        // Legend.
        const double lx = f.width - f.right - 230;
        svg << "<rect x=\"" << lx << "\" y=\"8\" width=\"10\" height=\"10\" fill=\"" << kAccent << "\"/>"
            << "<text x=\"" << lx + 14 << "\" y=\"17\" font-size=\"11\" fill=\"" << kMuted << "\">with the setting</text>"
            << "<rect x=\"" << lx + 120 << "\" y=\"8\" width=\"10\" height=\"10\" fill=\"" << kNeutral << "\"/>"
            << "<text x=\"" << lx + 134 << "\" y=\"17\" font-size=\"11\" fill=\"" << kMuted << "\">idea off</text>\n";
        const double group = f.plotWidth() / static_cast<double>(std::max<size_t>(n, 1));
        const double bar = std::min(28.0, group * 0.36);
        for (size_t k = 0; k < n; ++k) {
            const auto& e = data.effects[k];
            const double cx = f.left + group * (static_cast<double>(k) + 0.5);
            const std::string label = htmlEscape(e.setting.label());
            auto drawBar = [&](double x, double value, int count, const char* colour, const char* what) {
                svg << "<rect x=\"" << x << "\" y=\"" << f.y(value) << "\" width=\"" << bar << "\" height=\""
                    << f.y(0) - f.y(value) << "\" fill=\"" << colour << "\"><title>" << label << ", " << what << ": "
                    << formatSpeedup(value) << " over " << count << (count == 1 ? " node" : " nodes") << "</title></rect>\n";
            };
            if (e.withCount)
                drawBar(cx - bar, e.meanWith, e.withCount, kAccent, "with");
            if (e.withoutCount)
                drawBar(cx, e.meanWithout, e.withoutCount, kNeutral, "idea off");
            const double ly = f.y(0) + 14;
            if (slanted)
                svg << "<text x=\"" << cx << "\" y=\"" << ly << "\" font-size=\"11\" text-anchor=\"end\" fill=\"" << kMuted
                    << "\" transform=\"rotate(-40 " << cx << ' ' << ly << ")\">" << htmlEscape(shortLabel(e.setting.label()))
                    << "</text>\n";
            else
                svg << "<text x=\"" << cx << "\" y=\"" << ly << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"" << kMuted
                    << "\">" << htmlEscape(shortLabel(e.setting.label())) << "</text>\n";
        }
        svg << "</svg>\n";
        return { "effects", title, svg.str(), static_cast<int>(f.width), static_cast<int>(f.height) };
    }

    ReportChart spendChart(const ReportData& data)
    {
        auto costs = data.llmCosts;
        std::stable_sort(costs.begin(), costs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        const double start = costs.front().first;
        Frame f { 760, 240, 64, 16, 16, 40 };
        double total = 0;
        for (const auto& [at, usd] : costs)
            total += usd;
        f.xMax = std::max(1.0, (costs.back().first - start) / 60.0);
        f.yMax = total > 0 ? total * 1.1 : 1.0;
        const std::string title = "LLM spend (running total) vs minutes since the first call";
        std::ostringstream svg;
        open(svg, f, title);
        yGrid(svg, f, niceStep(f.yMax), "$%g");
        const double xstep = niceStep(f.xMax);
        for (double m = 0; m <= f.xMax + 1e-9; m += xstep)
            svg << "<text x=\"" << f.x(m) << "\" y=\"" << f.height - f.bottom + 16
                << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"" << kMuted << "\">" << formatNumber(m, "%g")
                << "</text>";
        svg << "\n";
        xLabel(svg, f, "minutes since the first LLM call");
        std::ostringstream path;
        double running = 0;
        path << "M" << f.x(0) << ' ' << f.y(0);
        for (const auto& [at, usd] : costs) {
            running += usd;
            path << " H" << f.x((at - start) / 60.0) << " V" << f.y(running);
        }
        svg << "<path d=\"" << path.str() << "\" fill=\"none\" stroke=\"" << kAccent << "\" stroke-width=\"2\"/>\n";
        svg << "<text x=\"" << f.width - f.right << "\" y=\"" << f.y(running) - 6 << "\" font-size=\"11\" text-anchor=\"end\" fill=\""
            << kMuted << "\">" << htmlEscape(formatNumber(running, "$%.4f")) << "</text>\n";
        svg << "</svg>\n";
        return { "spend", title, svg.str(), static_cast<int>(f.width), static_cast<int>(f.height) };
    }

} // namespace

std::vector<ReportChart> reportCharts(const ReportData& data)
{
    std::vector<ReportChart> charts { progressChart(data) };
    if (!data.effects.empty())
        charts.push_back(effectsChart(data));
    if (!data.llmCosts.empty())
        charts.push_back(spendChart(data));
    return charts;
}

} // namespace phylo
