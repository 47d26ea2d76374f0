// SPDX-License-Identifier: GPL-3.0-or-later
#include "device_info_json.h"

#include <cstdio>
#include <sstream>

namespace phylo::gpu {
namespace {

    std::string fixed(double value, int decimals)
    {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
        return buffer;
    }

    void writeDevice(std::ostringstream& out, const DeviceInfo& d)
    {
        const char* in = "      ";
        out << "    {\n"
            << in << "\"index\": " << d.index << ",\n"
            << in << "\"name\": " << jsonQuote(d.name) << ",\n"
            << in << "\"computeCapability\": "
            << jsonQuote(std::to_string(d.computeMajor) + "." + std::to_string(d.computeMinor)) << ",\n"
            << in << "\"smCount\": " << d.smCount << ",\n"
            << in << "\"memoryBytes\": " << d.memoryBytes << ",\n"
            << in << "\"l2Bytes\": " << d.l2Bytes << ",\n"
            << in << "\"memoryClockKHz\": " << d.memoryClockKHz << ",\n"
            << in << "\"memoryBusWidthBits\": " << d.memoryBusWidthBits << ",\n"
            << in << "\"peakMemoryBandwidthGBps\": " << fixed(d.peakMemoryBandwidthGBps, 1) << ",\n"
            << in << "\"smClockKHz\": " << d.smClockKHz << ",\n"
            << in << "\"driverVersion\": " << jsonQuote(formatCudaVersion(d.driverVersion)) << ",\n"
            << in << "\"runtimeVersion\": " << jsonQuote(formatCudaVersion(d.runtimeVersion)) << ",\n"
            << in << "\"probeKernelRan\": " << (d.probeKernelRan ? "true" : "false");
        if (!d.probeError.empty())
            out << ",\n" << in << "\"probeError\": " << jsonQuote(d.probeError);
        out << "\n    }";
    }

} // namespace

std::string jsonQuote(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
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
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string devicesToJson(const std::vector<DeviceInfo>& devices)
{
    std::ostringstream out;
    out << "{\n  \"tool\": \"phylo-gpu-info\",\n  \"devices\": [";
    for (std::size_t i = 0; i < devices.size(); ++i) {
        out << (i == 0 ? "\n" : ",\n");
        writeDevice(out, devices[i]);
    }
    out << (devices.empty() ? "]\n}\n" : "\n  ]\n}\n");
    return out.str();
}

} // namespace phylo::gpu
