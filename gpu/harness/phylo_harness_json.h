// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/**
 * The harness's JSON line: a tiny writer (plain C++17, no CUDA, header-only) and the result record it
 * writes. docs/cuda-targets.md documents every field.
 */

#include "phylo_harness_checks.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace phylo::harness::detail {

/** Length of the valid UTF-8 sequence at TEXT[I] (1 to 4), or 0 when the bytes there are not valid UTF-8. */
inline std::size_t utf8SequenceLength(const std::string& text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0u) != 0x80u)
            return 0;
        code = (code << 6) | (byte(i + k) & 0x3Fu);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (overlong || surrogate || code > 0x10FFFF)
        return 0;
    return length;
}

/** TEXT as a JSON string: quotes, backslashes and control characters escaped, invalid UTF-8 as U+FFFD. */
inline std::string jsonQuote(const std::string& text)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t length = utf8SequenceLength(text, i);
            if (length == 0) {
                out += "\\ufffd";
                ++i;
            } else {
                out.append(text, i, length);
                i += length;
            }
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
                out += buffer;
            } else {
                out += static_cast<char>(c);
            }
        }
        ++i;
    }
    return out + "\"";
}

/** VALUE as a JSON number with DIGITS significant digits; null when it is not finite (JSON has no NaN). */
inline std::string jsonNumber(double value, int digits = 15)
{
    if (!std::isfinite(value))
        return "null";
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    return buffer;
}

/** Writes one JSON object on one line, keys in the order they are added. */
class JsonObjectWriter {
public:
    JsonObjectWriter& raw(const std::string& key, const std::string& json)
    {
        m_text += m_text.empty() ? "{" : ",";
        m_text += jsonQuote(key) + ":" + json;
        return *this;
    }
    JsonObjectWriter& string(const std::string& key, const std::string& value) { return raw(key, jsonQuote(value)); }
    JsonObjectWriter& number(const std::string& key, double value, int digits = 15)
    {
        return raw(key, jsonNumber(value, digits));
    }
    JsonObjectWriter& integer(const std::string& key, long long value) { return raw(key, std::to_string(value)); }
    JsonObjectWriter& unsignedInteger(const std::string& key, std::uint64_t value)
    {
        return raw(key, std::to_string(value));
    }
    JsonObjectWriter& boolean(const std::string& key, bool value) { return raw(key, value ? "true" : "false"); }
    JsonObjectWriter& null(const std::string& key) { return raw(key, "null"); }
    JsonObjectWriter& numbers(const std::string& key, const std::vector<double>& values, int digits = 15)
    {
        std::string json = "[";
        for (std::size_t i = 0; i < values.size(); ++i)
            json += (i ? "," : "") + jsonNumber(values[i], digits);
        return raw(key, json + "]");
    }
    std::string text() const { return m_text.empty() ? "{}" : m_text + "}"; }

private:
    std::string m_text;
};

/** What the harness reports about the device it ran on (all zero / empty when there is none). */
struct DeviceSummary {
    std::string name;
    int ccMajor = 0;
    int ccMinor = 0;
    long long smClockKHz = 0;
    long long memClockKHz = 0;
    int busBits = 0;
    long long l2Bytes = 0;
    int driverVersion = 0; ///< 1000 * major + 10 * minor, as CUDA encodes it
    int runtimeVersion = 0;
};

/** "13.0" for 13000; "" for 0 (unknown). */
inline std::string cudaVersionText(int version)
{
    if (version <= 0)
        return {};
    return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

/** Datasheet peak DRAM bandwidth in GB/s: 2 transfers per clock * clock * bus width in bytes. */
inline double peakGBps(long long memClockKHz, int busBits)
{
    return 2.0 * static_cast<double>(memClockKHz) * 1e3 * (busBits / 8.0) / 1e9;
}

/** Everything one harness run reports. */
struct Result {
    std::string problem;
    Settings::Mode mode = Settings::Mode::Run;
    std::uint64_t seed = 0;
    bool ok = false;
    std::string failure; ///< one of failure::k*; empty when ok
    std::string detail;
    std::vector<double> samplesMs; ///< event time of every timed trial, in order
    std::vector<double> hostMs; ///< host wall time of the same trials
    int inputSets = 0;
    double maxRelError = 0;
    double bytesMoved = 0;
    double flops = 0;
    double hostOverheadMs = -1; ///< the harness's own host-minus-event gap; < 0 when not measured
    DeviceSummary device;
};

/// The longest "detail" written; a longer one is cut (it may hold a candidate's exception message).
inline constexpr std::size_t kMaxDetailBytes = 2000;

/** RESULT as one line of JSON (no newline): the contract of docs/cuda-targets.md. */
inline std::string resultJson(const Result& result)
{
    std::string detail = result.detail;
    if (detail.size() > kMaxDetailBytes)
        detail = detail.substr(0, kMaxDetailBytes) + " [...]";

    JsonObjectWriter device;
    device.string("name", result.device.name)
        .string("cc",
            result.device.ccMajor ? std::to_string(result.device.ccMajor) + "." + std::to_string(result.device.ccMinor)
                                  : std::string())
        .integer("sm_clock_khz", result.device.smClockKHz)
        .integer("mem_clock_khz", result.device.memClockKHz)
        .integer("bus_bits", result.device.busBits)
        .number("peak_gbps", peakGBps(result.device.memClockKHz, result.device.busBits), 6)
        .integer("l2_bytes", result.device.l2Bytes)
        .string("driver", cudaVersionText(result.device.driverVersion))
        .string("runtime", cudaVersionText(result.device.runtimeVersion));

    JsonObjectWriter out;
    out.integer("phylo_harness", 1)
        .string("problem", result.problem)
        .string("mode", result.mode == Settings::Mode::Check ? "check" : "run")
        .boolean("ok", result.ok);
    if (result.ok || result.failure.empty())
        out.null("failure");
    else
        out.string("failure", result.failure);
    out.string("detail", detail)
        .numbers("samples_ms", result.samplesMs, 9)
        .numbers("host_ms", result.hostMs, 9)
        .integer("input_sets", result.inputSets)
        .number("max_rel_error", result.maxRelError, 6)
        .number("bytes_moved", result.bytesMoved)
        .number("flops", result.flops)
        .unsignedInteger("seed", result.seed);
    if (result.hostOverheadMs >= 0)
        out.number("host_overhead_ms", result.hostOverheadMs, 6);
    // The median for the plain command-mode evaluator ([metric] name = "time_ms"); a parent that
    // distrusts the candidate's process recomputes it from samples_ms.
    if (result.ok && result.mode == Settings::Mode::Run && !result.samplesMs.empty())
        out.number("time_ms", median(result.samplesMs), 9);
    out.raw("device", device.text());
    return out.text();
}

} // namespace phylo::harness::detail
