// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/**
 * The pure parts of the CUDA benchmark harness: plain C++17, no CUDA, header-only, so that a host
 * compiler alone can build and unit-test them (tests/tst_harness_checks.cpp).
 *
 * - settings from the command line and environment (parseSettingsFrom),
 * - the seed of every input array (inputSeed), from the SplitMix64 mixer,
 * - output poisoning and the element-by-element comparison against the float64 reference (checkOutput),
 * - the host-versus-event timing cross-check (checkTiming).
 *
 * phylo_harness.h includes this file; workloads use these names through it.
 */

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace phylo::harness {

enum class ElementType { F32, F64, I32 };

/** Tolerances of one output: |got - ref| <= atol + rtol * |ref| for every element. Use {0, 0} for exact integers. */
struct Tolerance {
    double rtol = 1e-4;
    double atol = 1e-6;
};

/** How a harness run behaves; read from the command line and environment by runHarness(). */
struct Settings {
    enum class Mode { Check, Run };
    Mode mode = Mode::Run; ///< --check or PHYLO_MODE=check: correctness only, no timing
    std::uint64_t seed = 12345; ///< PHYLO_SEED (required to be set by the evaluator; a fixed default otherwise)
    int inputSets = 3; ///< --input-sets N
    int warmup = 3; ///< --warmup N
    int trials = 20; ///< --trials N (PHYLO_TRIALS overrides)
    int device = 0; ///< --device N (the evaluator sets CUDA_VISIBLE_DEVICES instead)
    bool normalExit = false; ///< --normal-exit: return from runHarnessMain instead of _Exit (for profilers)
};

/** The failure names of the JSON line ("failure"), exactly as written. */
namespace failure {
    inline constexpr const char* kNoDevice = "no CUDA device";
    inline constexpr const char* kCudaError = "cuda error";
    inline constexpr const char* kWrongResult = "wrong result";
    inline constexpr const char* kUnwritten = "unwritten output";
    inline constexpr const char* kNonFinite = "non-finite output";
    inline constexpr const char* kInputModified = "input modified";
    inline constexpr const char* kTimingMismatch = "timing mismatch";
    inline constexpr const char* kHarnessError = "harness error";
} // namespace failure

namespace detail {

    inline std::size_t elementSize(ElementType type)
    {
        switch (type) {
        case ElementType::F32:
        case ElementType::I32:
            return 4;
        case ElementType::F64:
            return 8;
        }
        return 0;
    }

    inline const char* typeName(ElementType type)
    {
        switch (type) {
        case ElementType::F32:
            return "f32";
        case ElementType::F64:
            return "f64";
        case ElementType::I32:
            return "i32";
        }
        return "?";
    }

    // ---------------------------------------------------------------- seeds

    /** SplitMix64 (Steele, Lea, Flood 2014): advances STATE and returns the next well-mixed value. */
    inline std::uint64_t splitmix64(std::uint64_t& state)
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    /**
     * The seed of input INPUT of input set SET under run seed SEED: every (seed, set, input) gets an
     * unrelated stream, and neighbouring seeds or sets give unrelated inputs.
     */
    inline std::uint64_t inputSeed(std::uint64_t seed, std::uint64_t set, std::uint64_t input)
    {
        std::uint64_t state = seed;
        std::uint64_t mixed = splitmix64(state);
        state = mixed ^ (0xD1B54A32D192ED03ULL * (set + 1));
        mixed = splitmix64(state);
        state = mixed ^ (0xA0761D6478BD642FULL * (input + 1));
        return splitmix64(state);
    }

    // ---------------------------------------------------------------- poison and comparison

    /**
     * The byte every output is filled with before a launch: 0xFF makes every f32/f64 element a NaN with
     * all bits set (a pattern no arithmetic produces); i32 gets 0x80 bytes, the sentinel -2139062144.
     */
    inline unsigned char poisonByte(ElementType type) { return type == ElementType::I32 ? 0x80 : 0xFF; }
    inline constexpr std::int32_t kI32Sentinel = static_cast<std::int32_t>(0x80808080u);

    /** True when the element at ELEMENT (of TYPE) still holds the poison bit pattern. */
    inline bool isPoison(ElementType type, const void* element)
    {
        const std::size_t size = elementSize(type);
        const unsigned char* bytes = static_cast<const unsigned char*>(element);
        for (std::size_t i = 0; i < size; ++i) {
            if (bytes[i] != poisonByte(type))
                return false;
        }
        return true;
    }

    inline double elementValue(ElementType type, const void* data, std::size_t index)
    {
        const unsigned char* bytes = static_cast<const unsigned char*>(data) + index * elementSize(type);
        switch (type) {
        case ElementType::F32: {
            float v;
            std::memcpy(&v, bytes, sizeof v);
            return v;
        }
        case ElementType::F64: {
            double v;
            std::memcpy(&v, bytes, sizeof v);
            return v;
        }
        case ElementType::I32: {
            std::int32_t v;
            std::memcpy(&v, bytes, sizeof v);
            return v;
        }
        }
        return 0;
    }

    inline std::string formatNumber(double value)
    {
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, "%.9g", value);
        return buffer;
    }

    /** What the comparison of one output with its reference found. */
    struct OutputCheck {
        std::size_t count = 0;
        std::size_t unwritten = 0; ///< elements that still hold the poison
        std::size_t nonFinite = 0; ///< NaN (other than the poison) or infinite
        std::size_t wrong = 0; ///< finite but outside the tolerance
        std::size_t firstUnwritten = 0;
        std::size_t firstNonFinite = 0;
        std::size_t firstWrong = 0;
        double nonFiniteGot = 0; ///< the value at firstNonFinite
        double wrongGot = 0; ///< the value at firstWrong
        double wrongExpected = 0;
        double wrongAllowed = 0; ///< atol + rtol * |expected| at firstWrong
        /// max |got - ref| / max(|ref|, atol / rtol) over the elements that passed (0 if none)
        double maxRelError = 0;

        bool ok() const { return unwritten == 0 && nonFinite == 0 && wrong == 0; }

        /** The failure name ("unwritten output", then "non-finite output", then "wrong result"), or "". */
        std::string failureName() const
        {
            if (unwritten)
                return failure::kUnwritten;
            if (nonFinite)
                return failure::kNonFinite;
            if (wrong)
                return failure::kWrongResult;
            return {};
        }

        /** One line for the JSON "detail": which output, where (CONTEXT) and the first bad element. */
        std::string describe(const std::string& output, const std::string& context) const
        {
            const std::string where = "output '" + output + "' (" + context + "): ";
            const std::string of = " of " + std::to_string(count) + " elements";
            if (unwritten) {
                return where + std::to_string(unwritten) + of + " not written (still hold the poison), first at index "
                    + std::to_string(firstUnwritten);
            }
            if (nonFinite) {
                return where + std::to_string(nonFinite) + of + " not finite, first at index "
                    + std::to_string(firstNonFinite) + ": " + formatNumber(nonFiniteGot);
            }
            if (wrong) {
                return where + std::to_string(wrong) + of + " wrong, first at index " + std::to_string(firstWrong)
                    + ": got " + formatNumber(wrongGot) + ", expected " + formatNumber(wrongExpected)
                    + " (|error| " + formatNumber(std::fabs(wrongGot - wrongExpected)) + " > allowed "
                    + formatNumber(wrongAllowed) + ")";
            }
            return where + "ok";
        }
    };

    /**
     * Compares COUNT elements of TYPE at GOT (host copy of a device output) with the float64 reference REF.
     * An element that still holds the poison is unwritten (for i32: the sentinel where the reference is
     * not the sentinel itself); any other NaN or infinity is non-finite; a finite element must satisfy
     * |got - ref| <= atol + rtol * |ref|.
     */
    inline OutputCheck checkOutput(
        ElementType type, const void* got, const double* ref, std::size_t count, const Tolerance& tolerance)
    {
        OutputCheck check;
        check.count = count;
        const std::size_t size = elementSize(type);
        const unsigned char* bytes = static_cast<const unsigned char*>(got);
        // Relative error is measured against max(|ref|, atol/rtol): below that scale atol decides,
        // and a reference near zero does not turn a tiny absolute error into a huge relative one.
        const double scaleFloor = tolerance.rtol > 0 ? tolerance.atol / tolerance.rtol : tolerance.atol;
        for (std::size_t i = 0; i < count; ++i) {
            const double expected = ref[i];
            const double value = elementValue(type, got, i);
            bool unwritten = false;
            if (type == ElementType::I32)
                unwritten = value == kI32Sentinel && expected != kI32Sentinel;
            else
                unwritten = std::isnan(value) && isPoison(type, bytes + i * size);
            if (unwritten) {
                if (check.unwritten++ == 0)
                    check.firstUnwritten = i;
                continue;
            }
            if (!std::isfinite(value)) {
                if (check.nonFinite++ == 0) {
                    check.firstNonFinite = i;
                    check.nonFiniteGot = value;
                }
                continue;
            }
            const double error = std::fabs(value - expected);
            const double allowed = tolerance.atol + tolerance.rtol * std::fabs(expected);
            if (!(error <= allowed)) {
                if (check.wrong++ == 0) {
                    check.firstWrong = i;
                    check.wrongGot = value;
                    check.wrongExpected = expected;
                    check.wrongAllowed = allowed;
                }
                continue;
            }
            const double scale = std::max(std::fabs(expected), scaleFloor);
            if (scale > 0 && error / scale > check.maxRelError)
                check.maxRelError = error / scale;
        }
        return check;
    }

    /** Index of the first byte where A and B (BYTES long) differ, or BYTES when they are equal. */
    inline std::size_t firstDifference(const void* a, const void* b, std::size_t bytes)
    {
        if (std::memcmp(a, b, bytes) == 0)
            return bytes;
        const unsigned char* x = static_cast<const unsigned char*>(a);
        const unsigned char* y = static_cast<const unsigned char*>(b);
        std::size_t i = 0;
        while (i < bytes && x[i] == y[i])
            ++i;
        return i;
    }

    /** True when the COUNT (at least 2) elements of TYPE at DATA all hold one bit pattern. */
    inline bool isConstant(ElementType type, const void* data, std::size_t count)
    {
        if (count < 2)
            return false;
        const std::size_t size = elementSize(type);
        const unsigned char* bytes = static_cast<const unsigned char*>(data);
        for (std::size_t i = 1; i < count; ++i) {
            if (std::memcmp(bytes, bytes + i * size, size) != 0)
                return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- timing

    /// A timed trial's host wall time may exceed its event time by the harness's own calibrated overhead
    /// plus this many milliseconds plus this fraction of the event time; more is "timing mismatch".
    inline constexpr double kTimingSlackMs = 0.05;
    inline constexpr double kTimingRelativeSlack = 0.2;
    /// The most host-minus-event time an empty launch may take (typically 0.01-0.05 ms); more means the
    /// process keeps the device busy in the background, and timing would be meaningless.
    inline constexpr double kMaxOverheadMs = 0.5;

    inline double median(std::vector<double> values)
    {
        if (values.empty())
            return 0;
        const std::size_t mid = values.size() / 2;
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
        const double upper = values[mid];
        if (values.size() % 2 == 1)
            return upper;
        const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
        return (lower + upper) / 2;
    }

    struct TimingVerdict {
        bool mismatch = false;
        double medianDeviceMs = 0;
        double medianHostMs = 0;
        double medianGapMs = 0; ///< median over trials of host - device
        double allowedGapMs = 0;
        std::string detail; ///< set when mismatch
    };

    /**
     * Cross-checks the event times DEVICEMS with the host wall times HOSTMS of the same trials. Work the
     * events miss (another stream, the legacy default stream, host threads that the device synchronize
     * waits for) shows up as host time without event time. OVERHEADMS is the harness's own gap, measured
     * with empty launches (median host - device). Medians make one late wake-up harmless.
     */
    inline TimingVerdict checkTiming(
        const std::vector<double>& deviceMs, const std::vector<double>& hostMs, double overheadMs)
    {
        TimingVerdict verdict;
        if (deviceMs.empty() || deviceMs.size() != hostMs.size())
            return verdict;
        std::vector<double> gaps(deviceMs.size());
        for (std::size_t i = 0; i < gaps.size(); ++i)
            gaps[i] = hostMs[i] - deviceMs[i];
        verdict.medianDeviceMs = median(deviceMs);
        verdict.medianHostMs = median(hostMs);
        verdict.medianGapMs = median(gaps);
        verdict.allowedGapMs
            = std::max(overheadMs, 0.0) + kTimingSlackMs + kTimingRelativeSlack * std::max(verdict.medianDeviceMs, 0.0);
        if (verdict.medianGapMs > verdict.allowedGapMs) {
            verdict.mismatch = true;
            verdict.detail = "median host wall time " + formatNumber(verdict.medianHostMs)
                + " ms vs median event time " + formatNumber(verdict.medianDeviceMs) + " ms: host exceeds events by "
                + formatNumber(verdict.medianGapMs) + " ms, allowed " + formatNumber(verdict.allowedGapMs)
                + " ms (harness overhead " + formatNumber(overheadMs)
                + " ms + 0.05 ms + 20% of the event time); was work done off the harness stream?";
        }
        return verdict;
    }

    // ---------------------------------------------------------------- settings

    /** Strict decimal integer in [LO, HI]; throws std::invalid_argument naming WHAT. */
    inline long long parseInteger(const std::string& text, long long lo, long long hi, const std::string& what)
    {
        bool ok = !text.empty() && text.size() <= 19;
        for (const char c : text)
            ok = ok && c >= '0' && c <= '9';
        const long long value = ok ? std::stoll(text) : 0;
        if (!ok || value < lo || value > hi) {
            throw std::invalid_argument(what + ": expected an integer from " + std::to_string(lo) + " to "
                + std::to_string(hi) + ", got '" + text + "'");
        }
        return value;
    }

    inline std::uint64_t parseSeed(const std::string& text)
    {
        bool ok = !text.empty() && text.size() <= 20;
        std::uint64_t value = 0;
        for (const char c : text) {
            if (c < '0' || c > '9') {
                ok = false;
                break;
            }
            const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
            if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
                ok = false;
                break;
            }
            value = value * 10 + digit;
        }
        if (!ok)
            throw std::invalid_argument("PHYLO_SEED: expected a decimal integer from 0 to 2^64-1, got '" + text + "'");
        return value;
    }

    using EnvLookup = std::function<const char*(const char*)>;

    /**
     * Settings from ARGS (without the program name) and the environment ENV (getenv-like): --check,
     * --input-sets N, --warmup N, --trials N, --device N (also as --name=N), --normal-exit;
     * PHYLO_MODE (check|run), PHYLO_SEED (default 12345), PHYLO_TRIALS (overrides --trials).
     * Throws std::invalid_argument on anything else.
     */
    inline Settings parseSettingsFrom(const std::vector<std::string>& args, const EnvLookup& env)
    {
        Settings settings;
        bool checkFlag = false;
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& arg = args[i];
            if (arg == "--check") {
                checkFlag = true;
                continue;
            }
            if (arg == "--normal-exit") {
                settings.normalExit = true;
                continue;
            }
            struct Numeric {
                const char* name;
                int* target;
                long long lo;
                long long hi;
            };
            const Numeric numerics[] = {
                { "--input-sets", &settings.inputSets, 1, 64 },
                { "--warmup", &settings.warmup, 0, 100000 },
                { "--trials", &settings.trials, 1, 100000 },
                { "--device", &settings.device, 0, 1023 },
            };
            bool matched = false;
            for (const Numeric& n : numerics) {
                const std::string name = n.name;
                std::string value;
                if (arg == name) {
                    if (i + 1 >= args.size())
                        throw std::invalid_argument(name + ": missing value");
                    value = args[++i];
                } else if (arg.compare(0, name.size() + 1, name + "=") == 0) {
                    value = arg.substr(name.size() + 1);
                } else {
                    continue;
                }
                *n.target = static_cast<int>(parseInteger(value, n.lo, n.hi, name));
                matched = true;
                break;
            }
            if (!matched) {
                throw std::invalid_argument("unknown argument '" + arg
                    + "' (expected --check, --input-sets N, --warmup N, --trials N, --device N, --normal-exit)");
            }
        }

        const char* mode = env("PHYLO_MODE");
        const std::string modeText = mode ? mode : "";
        if (modeText == "check")
            settings.mode = Settings::Mode::Check;
        else if (modeText.empty() || modeText == "run")
            settings.mode = Settings::Mode::Run;
        else
            throw std::invalid_argument("PHYLO_MODE: expected 'check' or 'run', got '" + modeText + "'");
        if (checkFlag)
            settings.mode = Settings::Mode::Check;

        if (const char* seed = env("PHYLO_SEED"); seed && *seed)
            settings.seed = parseSeed(seed);
        if (const char* trials = env("PHYLO_TRIALS"); trials && *trials)
            settings.trials = static_cast<int>(parseInteger(trials, 1, 100000, "PHYLO_TRIALS"));
        return settings;
    }

} // namespace detail
} // namespace phylo::harness
