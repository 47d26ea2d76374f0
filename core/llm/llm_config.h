// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace phylo::llm {

/** The wire format a provider speaks. */
enum class Provider {
    OpenAI, ///< OpenAI-compatible chat completions: OpenAI, Ollama, vLLM, llama.cpp server, LM Studio, OpenRouter
    Anthropic, ///< Anthropic's messages API
};

/// "openai" / "anthropic".
std::string providerName(Provider provider);
/// "openai" (also "openai-compatible", "ollama", "vllm", ...) or "anthropic"; nullopt for anything else.
std::optional<Provider> parseProvider(std::string_view name);

/**
 * How to reach one model and what it may cost. Never holds the API key itself, only the
 * name of the environment variable that does (docs/llm.md lists every key).
 */
struct LlmConfig {
    Provider provider = Provider::OpenAI;
    std::string model;
    std::string baseUrl; ///< e.g. https://api.openai.com/v1 ; http://127.0.0.1:PORT/v1 (empty: the provider's own)
    std::string keyEnv; ///< NAME of the env var holding the key (empty: no key, e.g. a local Ollama)
    double temperature = 0.7;
    int maxTokens = 4096;
    int concurrency = 2; ///< calls in flight at once through one client; more wait their turn
    double timeoutS = 120; ///< per attempt, connection to last byte
    // What the agents do with it (the session's use of the LLM):
    int mutations = 2; ///< mutator calls per generation (in-context RL children of the fittest lineages)
    int maxRepairs = 2; ///< repair attempts for a candidate that does not compile
    int propose = 6; ///< ideas the proposer is asked for at the start of a session (0: none)
    int maxRetries = 4; ///< retries after the first attempt (so at most maxRetries + 1 attempts)
    bool stream = true;
    double inputUsdPerMTok = 0, outputUsdPerMTok = 0; ///< prices per million tokens
    std::optional<double> budgetUsd;
    std::optional<std::int64_t> budgetTokens;

    // Not in the TOML keys: tuning knobs for tests and embedders.
    double backoffBaseS = 1.0; ///< first retry waits about this long (doubling, with jitter)
    double backoffMaxS = 30.0; ///< no backoff is longer
    double retryAfterCapS = 60.0; ///< a server's Retry-After is honoured up to this many seconds
    std::size_t maxReplyBytes = std::size_t(4) << 20; ///< more reply text than this aborts with "reply too large"
};

/// The base URL used when LlmConfig::baseUrl is empty.
std::string defaultBaseUrl(Provider provider);

/**
 * Reads an [llm] table (of phylo.toml, or of a user config file, where the keys may also be
 * top-level). Strict like TomlSection: unknown keys and wrong types are a UserError naming SOURCE,
 * the line, the key and what was expected. Defaults are applied as loadLlmConfig does.
 */
LlmConfig parseLlmTable(const toml::table& table, const std::string& source);

/**
 * Parses a --llm override: either "key=value,key=value" with the TOML keys of [llm]
 * (e.g. "provider=openai,model=gpt-4o,key_env=OPENAI_API_KEY,budget_usd=2"; values cannot hold
 * commas) or the path of a .toml file (an [llm] table, or the keys at top level).
 */
LlmConfig parseLlmOverride(std::string_view text);

/** Where loadLlmConfig looks. Every source is optional; later ones override earlier ones key by key. */
struct LlmConfigSources {
    /// The user's file. nullopt: $PHYLO_LLM_CONFIG if set (then it must exist), else
    /// $XDG_CONFIG_HOME/phyloevolve/llm.toml or ~/.config/phyloevolve/llm.toml (skipped when absent).
    /// An empty path: no user file.
    std::optional<std::filesystem::path> userFile;
    /// A target's phylo.toml; its [llm] table (if any) is read. Empty: none.
    std::filesystem::path targetToml;
    /// The --llm argument (see parseLlmOverride). Empty: none.
    std::string override;
};

/**
 * The user's file, then phylo.toml's [llm], then --llm, merged key by key; then defaults:
 * an unset base_url is the provider's own, and with it an unset key_env is OPENAI_API_KEY or
 * ANTHROPIC_API_KEY (a custom base_url gets no key unless key_env says so). A price for the
 * model comes from input_usd_per_mtok/output_usd_per_mtok, else from a [llm.prices] entry
 * named like the model. budget_usd without a price is a UserError.
 */
LlmConfig loadLlmConfig(const LlmConfigSources& sources);

/// The user file loadLlmConfig reads when LlmConfigSources::userFile is nullopt; empty if none is known.
std::filesystem::path defaultUserConfigPath();

/// One line for logs and the UI: provider, model, URL, the key's variable (never the key), budget.
std::string describe(const LlmConfig& config);

} // namespace phylo::llm
