// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/hash.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace phylo {

namespace {
    std::string toHex(const unsigned char* bytes, unsigned int size)
    {
        static constexpr char digits[] = "0123456789abcdef";
        std::string out;
        out.reserve(size * 2);
        for (unsigned int i = 0; i < size; ++i) {
            out.push_back(digits[bytes[i] >> 4]);
            out.push_back(digits[bytes[i] & 0xf]);
        }
        return out;
    }

    struct Sha256 {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx { EVP_MD_CTX_new(), &EVP_MD_CTX_free };
        Sha256()
        {
            if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
                throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
        }
        void add(std::string_view data) { EVP_DigestUpdate(ctx.get(), data.data(), data.size()); }
        std::string hex()
        {
            std::array<unsigned char, EVP_MAX_MD_SIZE> digest {};
            unsigned int size = 0;
            EVP_DigestFinal_ex(ctx.get(), digest.data(), &size);
            return toHex(digest.data(), size);
        }
    };
}

std::string sha256Hex(std::string_view data)
{
    Sha256 sha;
    sha.add(data);
    return sha.hex();
}

std::string codeHash(const std::map<std::string, std::string>& files)
{
    Sha256 sha;
    for (const auto& [path, content] : files) {
        // Length-prefix both parts so ("ab","c") and ("a","bc") hash differently.
        sha.add(std::to_string(path.size()) + ':' + path + ':' + std::to_string(content.size()) + ':');
        sha.add(content);
    }
    return sha.hex();
}

} // namespace phylo
