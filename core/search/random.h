// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace phylo {

/**
 * A small deterministic generator (SplitMix64) with portable helpers: the same seed gives
 * the same numbers with every compiler and standard library, which std::*_distribution does not.
 */
class SearchRandom {
public:
    explicit SearchRandom(std::uint64_t seed)
        : m_state(seed)
    {
    }
    /// A generator for one (seed, stream) pair, e.g. one generation of the search.
    static SearchRandom forStream(std::uint64_t seed, std::uint64_t stream)
    {
        SearchRandom mix(seed ^ (stream * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL));
        return SearchRandom(mix.next());
    }

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n), n > 0, without modulo bias.
    std::uint64_t below(std::uint64_t n)
    {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        std::uint64_t x;
        do
            x = next();
        while (x >= limit);
        return x % n;
    }
    /// Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }

private:
    std::uint64_t m_state;
};

} // namespace phylo
