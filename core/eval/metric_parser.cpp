// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/metric_parser.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <sstream>
#include <string_view>
#include <vector>

namespace phylo {

namespace {

    std::string_view trim(std::string_view s)
    {
        const auto begin = s.find_first_not_of(" \t\r");
        if (begin == std::string_view::npos)
            return {};
        const auto end = s.find_last_not_of(" \t\r");
        return s.substr(begin, end - begin + 1);
    }

    MetricReading invalid(const std::string& problem)
    {
        return { MetricReading::Kind::Invalid, 0, problem };
    }

    MetricReading fromText(std::string_view text, const std::string& name)
    {
        if (!text.empty() && text.front() == '+')
            text.remove_prefix(1);
        double value = 0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (ec != std::errc() || ptr != end)
            return invalid(name + "=" + std::string(text) + " is not a number");
        if (!std::isfinite(value))
            return invalid(name + "=" + std::string(text) + " is not finite");
        return { MetricReading::Kind::Found, value, {} };
    }

    /// The value of NAME on a "METRIC a=1 b=2" line, if the line is one and holds NAME.
    std::optional<std::string_view> metricLineValue(std::string_view line, const std::string& name)
    {
        line = trim(line);
        if (line.substr(0, 6) != "METRIC" || line.size() < 7 || (line[6] != ' ' && line[6] != '\t'))
            return std::nullopt;
        std::optional<std::string_view> found;
        size_t pos = 7;
        while (pos < line.size()) {
            const auto next = line.find_first_of(" \t", pos);
            const auto token = line.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
            const auto eq = token.find('=');
            if (eq != std::string_view::npos && token.substr(0, eq) == name)
                found = token.substr(eq + 1);
            if (next == std::string_view::npos)
                break;
            pos = next + 1;
        }
        return found;
    }

    std::optional<MetricReading> fromJsonLine(std::string_view line, const std::string& name)
    {
        line = trim(line);
        if (line.empty() || line.front() != '{')
            return std::nullopt;
        const auto obj = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        // Python's json.dumps writes NaN and Infinity, which are not JSON: a bad value, not a missing one.
        const bool nonFinite = line.find("NaN") != std::string_view::npos || line.find("Infinity") != std::string_view::npos;
        if (obj.is_discarded() && nonFinite && line.find('"' + name + '"') != std::string_view::npos)
            return invalid("the last line mentions \"" + name
                + "\" but is not valid JSON (NaN and Infinity are not JSON numbers)");
        if (!obj.is_object() || !obj.contains(name))
            return std::nullopt;
        const auto& value = obj[name];
        if (!value.is_number())
            return invalid(name + " in the JSON line is " + value.dump() + ", not a number");
        const double number = value.get<double>();
        if (!std::isfinite(number))
            return invalid(name + " in the JSON line is not finite");
        return MetricReading { MetricReading::Kind::Found, number, {} };
    }

} // namespace

MetricReading parseMetric(const std::string& output, const std::string& name)
{
    std::vector<std::string_view> lines;
    std::string_view rest(output);
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        lines.push_back(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view {} : rest.substr(nl + 1);
    }
    // JSON counts only on the last non-empty line.
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        if (trim(*it).empty())
            continue;
        if (auto reading = fromJsonLine(*it, name))
            return *reading;
        break;
    }
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        if (auto value = metricLineValue(*it, name))
            return fromText(*value, name);
    }
    return { MetricReading::Kind::Missing, 0,
        "no 'METRIC " + name + "=VALUE' line and no JSON object with \"" + name + "\" on the last line" };
}

} // namespace phylo
