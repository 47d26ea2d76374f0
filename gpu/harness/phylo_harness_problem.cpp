// SPDX-License-Identifier: GPL-3.0-or-later
// Problem, Arrays, the input generators and parseSettings: plain host C++.
// Compiled only as part of phylo_harness.cu (a unity build: targets compile that one file).
#ifndef PHYLO_HARNESS_UNITY
#    error "phylo_harness_problem.cpp is compiled through phylo_harness.cu; compile that file instead"
#endif

#include "phylo_harness.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace phylo::harness {

std::size_t Array::bytes() const { return count * detail::elementSize(type); }

const Array& Arrays::get(const std::string& name) const
{
    for (const Array& array : items) {
        if (array.name == name)
            return array;
    }
    std::string known;
    for (const Array& array : items)
        known += (known.empty() ? "" : ", ") + array.name;
    throw std::out_of_range("no array named '" + name + "' (there are: " + known + ")");
}

Problem::Problem(std::string name)
    : m_name(std::move(name))
{
}

// The builders only record; runHarness validates the whole problem and reports a bad one as "harness error".
Problem& Problem::input(const std::string& name, ElementType type, std::size_t count, Generator generate)
{
    m_inputs.push_back({ name, type, count, std::move(generate) });
    return *this;
}

Problem& Problem::output(const std::string& name, ElementType type, std::size_t count, Tolerance tolerance)
{
    m_outputs.push_back({ name, type, count, tolerance });
    return *this;
}

Problem& Problem::reference(Reference reference)
{
    m_reference = std::move(reference);
    return *this;
}

Problem& Problem::launch(Launch launch)
{
    m_launch = std::move(launch);
    return *this;
}

Problem& Problem::bytesMoved(double bytes)
{
    m_bytesMoved = bytes;
    return *this;
}

Problem& Problem::flops(double flops)
{
    m_flops = flops;
    return *this;
}

Settings parseSettings(int argc, char** argv)
{
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i]);
    return detail::parseSettingsFrom(args, [](const char* name) { return std::getenv(name); });
}

// ---------------------------------------------------------------- generators

namespace {

    // Our own draws rather than <random>'s distributions, whose algorithms differ between standard
    // libraries: a seed gives the same inputs with every host compiler.
    double unitInterval(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

    std::uint64_t below(std::mt19937_64& rng, std::uint64_t bound)
    {
        const std::uint64_t threshold = (0 - bound) % bound; // rejection keeps it unbiased
        for (;;) {
            const std::uint64_t r = rng();
            if (r >= threshold)
                return r % bound;
        }
    }

    double standardNormal(std::mt19937_64& rng)
    {
        const double u1 = 1.0 - unitInterval(rng); // (0, 1]: log is finite
        const double u2 = unitInterval(rng);
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
    }

    void requireStorage(const Array& array, const char* generator)
    {
        if (!array.data || array.count == 0)
            throw std::invalid_argument(std::string(generator) + ": input '" + array.name + "' has no elements");
    }

    void store(Array& array, std::size_t i, double value)
    {
        switch (array.type) {
        case ElementType::F32:
            array.as<float>()[i] = static_cast<float>(value);
            break;
        case ElementType::F64:
            array.as<double>()[i] = value;
            break;
        case ElementType::I32:
            array.as<std::int32_t>()[i] = static_cast<std::int32_t>(value);
            break;
        }
    }

    /** Fills ARRAY with DRAW(), then redraws its last element while the field is constant. */
    template <class Draw>
    void fillNonConstant(Array& array, const char* generator, Draw draw)
    {
        for (std::size_t i = 0; i < array.count; ++i)
            store(array, i, draw());
        for (int attempt = 0; detail::isConstant(array.type, array.data, array.count); ++attempt) {
            if (attempt == 1000) {
                throw std::invalid_argument(std::string(generator) + ": input '" + array.name
                    + "' cannot be made non-constant (its range holds a single value)");
            }
            store(array, array.count - 1, draw());
        }
    }

    std::string text(double value) { return detail::formatNumber(value); }

} // namespace

Generator uniform(double lo, double hi)
{
    return [lo, hi](std::mt19937_64& rng, Array& array) {
        const std::string what = "uniform(" + text(lo) + ", " + text(hi) + ")";
        requireStorage(array, "uniform");
        if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi && std::isfinite(hi - lo)))
            throw std::invalid_argument(what + ": needs finite lo < hi");
        switch (array.type) {
        case ElementType::F64:
            fillNonConstant(array, "uniform", [&] {
                const double v = lo + (hi - lo) * unitInterval(rng);
                return v < hi ? v : std::nextafter(hi, lo);
            });
            break;
        case ElementType::F32: {
            // The floats in [lo, hi): a draw that rounds outside is clamped to them.
            float first = static_cast<float>(lo);
            if (first < lo)
                first = std::nextafter(first, std::numeric_limits<float>::infinity());
            float last = static_cast<float>(hi);
            while (std::isfinite(last) && last >= hi)
                last = std::nextafter(last, -std::numeric_limits<float>::infinity());
            if (!(std::isfinite(first) && std::isfinite(last) && first < last))
                throw std::invalid_argument(what + ": needs at least two float values in [lo, hi)");
            fillNonConstant(array, "uniform", [&] {
                const float v = static_cast<float>(lo + (hi - lo) * unitInterval(rng));
                return static_cast<double>(v < first ? first : v > last ? last : v);
            });
            break;
        }
        case ElementType::I32: {
            const double first = std::ceil(lo);
            const double last = std::ceil(hi) - 1; // the largest integer below hi
            if (first < std::numeric_limits<std::int32_t>::min() || last > std::numeric_limits<std::int32_t>::max()
                || !(first < last)) {
                throw std::invalid_argument(what + ": needs at least two 32-bit integers in [lo, hi)");
            }
            const auto values = static_cast<std::uint64_t>(last - first) + 1;
            fillNonConstant(array, "uniform", [&] { return first + static_cast<double>(below(rng, values)); });
            break;
        }
        }
    };
}

Generator normal(double mean, double sd)
{
    return [mean, sd](std::mt19937_64& rng, Array& array) {
        requireStorage(array, "normal");
        if (!(std::isfinite(mean) && std::isfinite(sd) && sd > 0))
            throw std::invalid_argument("normal(" + text(mean) + ", " + text(sd) + "): needs a finite mean and sd > 0");
        fillNonConstant(array, "normal", [&] {
            const double v = mean + sd * standardNormal(rng);
            if (array.type != ElementType::I32)
                return v;
            const double lo = std::numeric_limits<std::int32_t>::min();
            const double hi = std::numeric_limits<std::int32_t>::max();
            return std::min(std::max(std::nearbyint(v), lo), hi);
        });
    };
}

Generator unitVectors3()
{
    return [](std::mt19937_64& rng, Array& array) {
        requireStorage(array, "unitVectors3");
        if (array.type == ElementType::I32)
            throw std::invalid_argument("unitVectors3: input '" + array.name + "' must be F32 or F64");
        if (array.count % 3 != 0) {
            throw std::invalid_argument("unitVectors3: input '" + array.name + "' has " + std::to_string(array.count)
                + " elements, not a multiple of 3");
        }
        // Gaussian components, normalized: uniform on the sphere (Muller 1959).
        for (std::size_t v = 0; v < array.count / 3; ++v) {
            double x, y, z, norm;
            do {
                x = standardNormal(rng);
                y = standardNormal(rng);
                z = standardNormal(rng);
                norm = std::sqrt(x * x + y * y + z * z);
            } while (norm < 1e-9);
            store(array, 3 * v, x / norm);
            store(array, 3 * v + 1, y / norm);
            store(array, 3 * v + 2, z / norm);
        }
    };
}

} // namespace phylo::harness
