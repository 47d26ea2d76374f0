// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/llm_client.h"

#include "llm/http_llm_client.h"
#include "util/user_error.h"

#include <cstdlib>

namespace phylo::llm {

double costUsd(const LlmConfig& config, std::int64_t inputTokens, std::int64_t outputTokens)
{
    return (static_cast<double>(inputTokens) * config.inputUsdPerMTok + static_cast<double>(outputTokens) * config.outputUsdPerMTok) / 1e6;
}

std::unique_ptr<LlmClient> makeClient(const LlmConfig& config)
{
    if (config.model.empty())
        throw UserError("no LLM model is configured: set model in the [llm] table of phylo.toml, in the LLM config file, or with --llm model=NAME");
    std::string key;
    if (!config.keyEnv.empty()) {
        const char* value = std::getenv(config.keyEnv.c_str());
        if (!value || !*value)
            throw UserError("the environment variable " + config.keyEnv + " (key_env, the API key for " + providerName(config.provider)
                + ") is not set or empty: export it, or set key_env = \"\" for a server that needs no key");
        key = value;
    }
    return std::make_unique<HttpLlmClient>(config, std::move(key));
}

} // namespace phylo::llm
