// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/llm_config.h"

#include "target/toml_section.h"
#include "util/user_error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <vector>

namespace phylo::llm {

namespace {

    constexpr std::string_view kLabel = "[llm]";

    /// One source's settings: only what it sets.
    struct Layer {
        std::optional<Provider> provider;
        std::optional<std::string> model, baseUrl, keyEnv;
        std::optional<double> temperature, timeoutS, inputPrice, outputPrice, budgetUsd;
        std::optional<int> maxTokens, concurrency, maxRetries, mutations, maxRepairs, propose;
        std::optional<bool> stream;
        std::optional<std::int64_t> budgetTokens;
        std::map<std::string, std::pair<double, double>> prices; ///< model -> (input, output) USD per Mtok
        std::string budgetSource; ///< where budget_usd was set, for the error when there is no price
    };

    const std::vector<std::string_view> kKeys { "provider", "model", "base_url", "key_env", "temperature",
        "max_tokens", "concurrency", "timeout_s", "max_retries", "stream", "input_usd_per_mtok",
        "output_usd_per_mtok", "budget_usd", "budget_tokens", "prices", "mutations", "max_repairs", "propose" };

    bool isEnvName(std::string_view name)
    {
        if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())))
            return false;
        return std::all_of(name.begin(), name.end(),
            [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    }

    std::optional<bool> boolean(const TomlSection& section, const toml::table& table, std::string_view key)
    {
        const toml::node* node = table.get(key);
        if (!node)
            return std::nullopt;
        if (!node->is_boolean())
            section.fail(key, "true or false", node);
        return node->as_boolean()->get();
    }

    void parsePrices(const toml::node& node, const std::string& source, const TomlSection& section, Layer& layer)
    {
        if (!node.is_table())
            section.fail("prices", "a table of model = { input = USD, output = USD } per million tokens", &node);
        for (const auto& [model, entry] : *node.as_table()) {
            const std::string label = "[llm.prices] " + std::string(model.str());
            if (!entry.is_table())
                TomlSection(*node.as_table(), "[llm.prices]", source)
                    .fail(model.str(), "a table { input = USD, output = USD } (per million tokens)", &entry);
            TomlSection price(*entry.as_table(), label, source);
            price.rejectUnknownKeys({ "input", "output" });
            layer.prices[std::string(model.str())] = { *price.number("input", 0, 1e6, true), *price.number("output", 0, 1e6, true) };
        }
    }

    Layer parseLayer(const toml::table& table, const std::string& source, std::string_view label = kLabel)
    {
        TomlSection section(table, std::string(label), source);
        section.rejectUnknownKeys(kKeys);
        Layer layer;
        if (auto name = section.string("provider")) {
            layer.provider = parseProvider(*name);
            if (!layer.provider)
                section.fail("provider", "\"openai\" (any OpenAI-compatible server) or \"anthropic\"", table.get("provider"));
        }
        if (auto model = section.string("model")) {
            if (model->empty())
                section.fail("model", "a model name", table.get("model"));
            layer.model = *model;
        }
        if (auto url = section.string("base_url")) {
            if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0)
                section.fail("base_url", "an http:// or https:// URL", table.get("base_url"));
            while (!url->empty() && url->back() == '/')
                url->pop_back();
            layer.baseUrl = *url;
        }
        if (table.get("key_env")) {
            if (!table.get("key_env")->is_string())
                section.fail("key_env", "the name of an environment variable", table.get("key_env"));
            std::string name = table.get("key_env")->as_string()->get();
            // Never echo the value: a key pasted here instead of a variable name must not reach a log.
            if (!name.empty() && !isEnvName(name))
                section.fail("key_env", "the NAME of the environment variable that holds the key (e.g. OPENAI_API_KEY), not the key itself");
            layer.keyEnv = name;
        }
        layer.temperature = section.number("temperature", 0, 2);
        if (auto value = section.integer("max_tokens", 1, 10'000'000))
            layer.maxTokens = static_cast<int>(*value);
        if (auto value = section.integer("concurrency", 1, 1024))
            layer.concurrency = static_cast<int>(*value);
        layer.timeoutS = section.number("timeout_s", 0.1, 86400);
        if (auto value = section.integer("max_retries", 0, 100))
            layer.maxRetries = static_cast<int>(*value);
        layer.stream = boolean(section, table, "stream");
        if (auto value = section.integer("mutations", 0, 64))
            layer.mutations = static_cast<int>(*value);
        if (auto value = section.integer("max_repairs", 0, 10))
            layer.maxRepairs = static_cast<int>(*value);
        if (auto value = section.integer("propose", 0, 16))
            layer.propose = static_cast<int>(*value);
        layer.inputPrice = section.number("input_usd_per_mtok", 0, 1e6);
        layer.outputPrice = section.number("output_usd_per_mtok", 0, 1e6);
        layer.budgetUsd = section.number("budget_usd", 0, 1e9);
        if (layer.budgetUsd)
            layer.budgetSource = source;
        if (auto value = section.integer("budget_tokens", 0, std::numeric_limits<long long>::max()))
            layer.budgetTokens = *value;
        if (const toml::node* prices = table.get("prices"))
            parsePrices(*prices, source, section, layer);
        return layer;
    }

    template <typename T>
    void take(std::optional<T>& into, const std::optional<T>& from)
    {
        if (from)
            into = from;
    }

    void merge(Layer& into, const Layer& from)
    {
        take(into.provider, from.provider);
        take(into.model, from.model);
        take(into.baseUrl, from.baseUrl);
        take(into.keyEnv, from.keyEnv);
        take(into.temperature, from.temperature);
        take(into.timeoutS, from.timeoutS);
        take(into.inputPrice, from.inputPrice);
        take(into.outputPrice, from.outputPrice);
        take(into.budgetUsd, from.budgetUsd);
        take(into.maxTokens, from.maxTokens);
        take(into.concurrency, from.concurrency);
        take(into.maxRetries, from.maxRetries);
        take(into.stream, from.stream);
        take(into.mutations, from.mutations);
        take(into.maxRepairs, from.maxRepairs);
        take(into.propose, from.propose);
        take(into.budgetTokens, from.budgetTokens);
        for (const auto& [model, price] : from.prices)
            into.prices[model] = price;
        if (from.budgetUsd)
            into.budgetSource = from.budgetSource;
    }

    std::string defaultKeyEnv(Provider provider)
    {
        return provider == Provider::Anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
    }

    LlmConfig finish(const Layer& layer)
    {
        LlmConfig config;
        config.provider = layer.provider.value_or(Provider::OpenAI);
        config.model = layer.model.value_or("");
        if (layer.baseUrl && !layer.baseUrl->empty()) {
            config.baseUrl = *layer.baseUrl;
            config.keyEnv = layer.keyEnv.value_or("");
        } else {
            config.baseUrl = defaultBaseUrl(config.provider);
            config.keyEnv = layer.keyEnv.value_or(defaultKeyEnv(config.provider));
        }
        config.temperature = layer.temperature.value_or(config.temperature);
        config.maxTokens = layer.maxTokens.value_or(config.maxTokens);
        config.concurrency = layer.concurrency.value_or(config.concurrency);
        config.timeoutS = layer.timeoutS.value_or(config.timeoutS);
        config.maxRetries = layer.maxRetries.value_or(config.maxRetries);
        config.stream = layer.stream.value_or(config.stream);
        config.mutations = layer.mutations.value_or(config.mutations);
        config.maxRepairs = layer.maxRepairs.value_or(config.maxRepairs);
        config.propose = layer.propose.value_or(config.propose);
        auto listed = layer.prices.find(config.model);
        if (listed != layer.prices.end()) {
            config.inputUsdPerMTok = listed->second.first;
            config.outputUsdPerMTok = listed->second.second;
        }
        config.inputUsdPerMTok = layer.inputPrice.value_or(config.inputUsdPerMTok);
        config.outputUsdPerMTok = layer.outputPrice.value_or(config.outputUsdPerMTok);
        config.budgetUsd = layer.budgetUsd;
        config.budgetTokens = layer.budgetTokens;
        if (config.budgetUsd && config.inputUsdPerMTok == 0 && config.outputUsdPerMTok == 0)
            throw UserError(layer.budgetSource + ": " + std::string(kLabel) + " budget_usd: the model '" + config.model
                + "' has no price, so a budget in dollars cannot be enforced (set input_usd_per_mtok and "
                  "output_usd_per_mtok, add a [llm.prices] entry for it, or use budget_tokens)");
        return config;
    }

    /// A file of LLM settings: one [llm] table, or the keys at top level.
    Layer parseSettingsFile(const std::filesystem::path& path, const std::string& what)
    {
        toml::table root = readTomlFile(path, what);
        if (root.size() == 1 && root.get("llm") && root.get("llm")->is_table())
            return parseLayer(*root.get("llm")->as_table(), path.string());
        return parseLayer(root, path.string());
    }

    Layer parseOverrideLayer(std::string_view text)
    {
        const std::string source = "--llm";
        if (text.find('=') == std::string_view::npos) {
            std::filesystem::path path { std::string(text) };
            if (!std::filesystem::is_regular_file(path))
                throw UserError("--llm: no such file '" + path.string()
                    + "' (expected key=value,key=value with the keys of [llm], or the path of a .toml file)");
            return parseSettingsFile(path, "the --llm file");
        }
        static const std::vector<std::string_view> textKeys { "provider", "model", "base_url", "key_env" };
        toml::table table;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = std::min(text.find(',', start), text.size());
            std::string_view item = text.substr(start, end - start);
            start = end + 1;
            while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())))
                item.remove_prefix(1);
            while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())))
                item.remove_suffix(1);
            if (item.empty())
                continue;
            std::size_t equals = item.find('=');
            if (equals == std::string_view::npos || equals == 0)
                throw UserError("--llm: '" + std::string(item.substr(0, std::min<std::size_t>(item.size(), 40)))
                    + "' is not key=value (e.g. provider=openai,model=gpt-4o,budget_usd=2)");
            const std::string key(item.substr(0, equals));
            const std::string value(item.substr(equals + 1));
            if (table.contains(key))
                throw UserError("--llm: the key '" + key + "' is given twice");
            if (std::find(textKeys.begin(), textKeys.end(), key) != textKeys.end()) {
                table.insert(key, value);
                continue;
            }
            if (value == "true" || value == "false") {
                table.insert(key, value == "true");
                continue;
            }
            std::int64_t integer = 0;
            auto [intEnd, intError] = std::from_chars(value.data(), value.data() + value.size(), integer);
            if (intError == std::errc() && intEnd == value.data() + value.size()) {
                table.insert(key, integer);
                continue;
            }
            char* numberEnd = nullptr;
            double number = std::strtod(value.c_str(), &numberEnd);
            if (!value.empty() && numberEnd == value.c_str() + value.size())
                table.insert(key, number);
            else
                table.insert(key, value);
        }
        return parseLayer(table, "command line", source);
    }

    std::string formatUsd(double usd)
    {
        std::ostringstream out;
        out.setf(std::ios::fixed);
        out.precision(usd < 1 ? 4 : 2);
        out << '$' << usd;
        return out.str();
    }

} // namespace

std::string providerName(Provider provider)
{
    return provider == Provider::Anthropic ? "anthropic" : "openai";
}

std::optional<Provider> parseProvider(std::string_view name)
{
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "anthropic" || lower == "claude")
        return Provider::Anthropic;
    for (const char* alias : { "openai", "openai-compatible", "ollama", "vllm", "llama.cpp", "llamacpp", "lmstudio", "openrouter" })
        if (lower == alias)
            return Provider::OpenAI;
    return std::nullopt;
}

std::string defaultBaseUrl(Provider provider)
{
    return provider == Provider::Anthropic ? "https://api.anthropic.com/v1" : "https://api.openai.com/v1";
}

LlmConfig parseLlmTable(const toml::table& table, const std::string& source)
{
    return finish(parseLayer(table, source));
}

LlmConfig parseLlmOverride(std::string_view text)
{
    return finish(parseOverrideLayer(text));
}

std::filesystem::path defaultUserConfigPath()
{
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "phyloevolve" / "llm.toml";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".config" / "phyloevolve" / "llm.toml";
    return {};
}

LlmConfig loadLlmConfig(const LlmConfigSources& sources)
{
    Layer merged;
    if (sources.userFile) {
        if (!sources.userFile->empty())
            merge(merged, parseSettingsFile(*sources.userFile, "the LLM config file"));
    } else if (const char* explicitFile = std::getenv("PHYLO_LLM_CONFIG"); explicitFile && *explicitFile) {
        if (!std::filesystem::is_regular_file(explicitFile))
            throw UserError(std::string(explicitFile) + ": no such file (named by $PHYLO_LLM_CONFIG)");
        merge(merged, parseSettingsFile(explicitFile, "the LLM config file"));
    } else if (auto path = defaultUserConfigPath(); !path.empty() && std::filesystem::is_regular_file(path)) {
        merge(merged, parseSettingsFile(path, "the LLM config file"));
    }
    if (!sources.targetToml.empty()) {
        toml::table root = readTomlFile(sources.targetToml, "phylo.toml");
        if (const toml::node* table = root.get("llm")) {
            if (!table->is_table())
                throw UserError(sources.targetToml.string() + ':' + std::to_string(table->source().begin.line)
                    + ": llm: expected a table [llm], got " + describeTomlNode(*table));
            merge(merged, parseLayer(*table->as_table(), sources.targetToml.string()));
        }
    }
    if (!sources.override.empty())
        merge(merged, parseOverrideLayer(sources.override));
    return finish(merged);
}

std::string describe(const LlmConfig& config)
{
    // The URL without any user:password@ part.
    std::string url = config.baseUrl.empty() ? defaultBaseUrl(config.provider) : config.baseUrl;
    if (auto scheme = url.find("://"); scheme != std::string::npos) {
        auto hostEnd = url.find('/', scheme + 3);
        auto at = url.rfind('@', hostEnd == std::string::npos ? url.size() : hostEnd);
        if (at != std::string::npos && at > scheme)
            url.erase(scheme + 3, at - scheme - 2);
    }
    std::ostringstream out;
    out << providerName(config.provider) << ' ' << (config.model.empty() ? "(no model)" : config.model) << " at " << url;
    out << ", " << (config.keyEnv.empty() ? "no key" : "key from $" + config.keyEnv);
    out << ", temperature " << config.temperature << ", up to " << config.maxTokens << " tokens, "
        << config.concurrency << " at once" << (config.stream ? ", streamed" : "");
    if (config.inputUsdPerMTok > 0 || config.outputUsdPerMTok > 0)
        out << ", " << formatUsd(config.inputUsdPerMTok) << " in / " << formatUsd(config.outputUsdPerMTok) << " out per Mtok";
    if (config.budgetUsd)
        out << ", budget " << formatUsd(*config.budgetUsd);
    if (config.budgetTokens)
        out << (config.budgetUsd ? " or " : ", budget ") << *config.budgetTokens << " tokens";
    return out.str();
}

} // namespace phylo::llm
