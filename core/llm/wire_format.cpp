// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm/wire_format.h"

#include <nlohmann/json.hpp>

namespace phylo::llm {

std::unique_ptr<WireFormat> makeWireFormat(Provider provider)
{
    return provider == Provider::Anthropic ? makeAnthropicWire() : makeOpenAiWire();
}

std::string errorMessageOf(std::string_view body)
{
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return {};
    if (auto error = json.find("error"); error != json.end()) {
        if (error->is_string())
            return error->get<std::string>();
        if (error->is_object()) {
            if (auto message = error->find("message"); message != error->end() && message->is_string())
                return message->get<std::string>();
        }
    }
    if (auto message = json.find("message"); message != json.end() && message->is_string())
        return message->get<std::string>();
    if (auto detail = json.find("detail"); detail != json.end() && detail->is_string())
        return detail->get<std::string>();
    return {};
}

} // namespace phylo::llm
