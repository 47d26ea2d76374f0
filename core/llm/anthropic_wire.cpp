// SPDX-License-Identifier: GPL-3.0-or-later
// Anthropic's messages API.
#include "llm/wire_format.h"

#include <nlohmann/json.hpp>

namespace phylo::llm {

namespace {

    using nlohmann::json;

    /// Input tokens include those written to or read from the prompt cache (priced as input here).
    void readUsage(const json& usage, WireReply& reply)
    {
        if (!usage.is_object())
            return;
        std::int64_t input = 0;
        bool hasInput = false;
        for (const char* key : { "input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens" }) {
            if (auto value = usage.find(key); value != usage.end() && value->is_number_integer()) {
                input += value->get<std::int64_t>();
                hasInput = true;
            }
        }
        if (hasInput)
            reply.inputTokens = input;
        if (auto output = usage.find("output_tokens"); output != usage.end() && output->is_number_integer())
            reply.outputTokens = output->get<std::int64_t>(); // cumulative in message_delta
        reply.hasUsage = reply.hasUsage || hasInput || usage.contains("output_tokens");
    }

    WireStatus serverError(const json& object)
    {
        std::string message = "error in reply";
        if (auto error = object.find("error"); error != object.end()) {
            if (error->is_object() && error->contains("message") && (*error)["message"].is_string())
                message = (*error)["message"].get<std::string>();
            else if (error->is_string())
                message = error->get<std::string>();
        }
        return { WireStatus::Kind::ServerError, message };
    }

    class AnthropicWire : public WireFormat {
    public:
        std::string url(const std::string& baseUrl) const override { return baseUrl + "/messages"; }

        std::vector<std::string> headers(const std::string& apiKey) const override
        {
            std::vector<std::string> out { "anthropic-version: 2023-06-01" };
            if (!apiKey.empty())
                out.push_back("x-api-key: " + apiKey);
            return out;
        }

        std::string body(const LlmConfig& config, const ChatRequest& request) const override
        {
            json messages = json::array();
            for (const auto& message : request.messages)
                messages.push_back({ { "role", message.role }, { "content", message.content } });
            json body { { "model", config.model }, { "max_tokens", config.maxTokens }, { "messages", std::move(messages) },
                { "temperature", config.temperature }, { "stream", config.stream } };
            if (!request.system.empty())
                body["system"] = request.system;
            return body.dump(-1, ' ', false, json::error_handler_t::replace);
        }

        WireStatus onEvent(const SseEvent& event, WireReply& reply, std::string& delta) const override
        {
            auto data = json::parse(event.data, nullptr, false);
            if (data.is_discarded() || !data.is_object())
                return { WireStatus::Kind::Malformed, {} };
            const std::string type = data.value("type", event.event);
            if (type == "error")
                return serverError(data);
            if (type == "message_start") {
                auto message = data.find("message");
                if (message == data.end() || !message->is_object())
                    return { WireStatus::Kind::Malformed, {} };
                if (auto model = message->find("model"); model != message->end() && model->is_string())
                    reply.model = model->get<std::string>();
                if (auto usage = message->find("usage"); usage != message->end())
                    readUsage(*usage, reply);
            } else if (type == "content_block_delta") {
                auto change = data.find("delta");
                if (change == data.end() || !change->is_object())
                    return { WireStatus::Kind::Malformed, {} };
                if (change->value("type", "") == "text_delta") {
                    auto text = change->find("text");
                    if (text == change->end() || !text->is_string())
                        return { WireStatus::Kind::Malformed, {} };
                    reply.text += text->get_ref<const std::string&>();
                    delta += text->get_ref<const std::string&>();
                }
            } else if (type == "message_delta") {
                if (auto change = data.find("delta"); change != data.end() && change->is_object())
                    if (auto stop = change->find("stop_reason"); stop != change->end() && stop->is_string())
                        reply.finishReason = stop->get<std::string>();
                if (auto usage = data.find("usage"); usage != data.end())
                    readUsage(*usage, reply);
            } else if (type == "message_stop") {
                reply.done = true;
            } // ping, content_block_start, content_block_stop: nothing to take
            return {};
        }

        WireStatus parseBody(std::string_view text, WireReply& reply) const override
        {
            auto body = json::parse(text, nullptr, false);
            if (body.is_discarded() || !body.is_object())
                return { WireStatus::Kind::Malformed, {} };
            if (body.value("type", "") == "error")
                return serverError(body);
            auto content = body.find("content");
            if (content == body.end() || !content->is_array())
                return { WireStatus::Kind::Malformed, {} };
            for (const auto& block : *content)
                if (block.is_object() && block.value("type", "") == "text" && block.contains("text") && block["text"].is_string())
                    reply.text += block["text"].get_ref<const std::string&>();
            if (auto model = body.find("model"); model != body.end() && model->is_string())
                reply.model = model->get<std::string>();
            if (auto stop = body.find("stop_reason"); stop != body.end() && stop->is_string())
                reply.finishReason = stop->get<std::string>();
            if (auto usage = body.find("usage"); usage != body.end())
                readUsage(*usage, reply);
            reply.done = true;
            return {};
        }
    };

} // namespace

std::unique_ptr<WireFormat> makeAnthropicWire()
{
    return std::make_unique<AnthropicWire>();
}

} // namespace phylo::llm
