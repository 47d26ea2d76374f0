// SPDX-License-Identifier: GPL-3.0-or-later
// OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio, OpenRouter).
#include "llm/wire_format.h"

#include <nlohmann/json.hpp>

namespace phylo::llm {

namespace {

    using nlohmann::json;

    void readUsage(const json& object, WireReply& reply)
    {
        auto usage = object.find("usage");
        if (usage == object.end() || !usage->is_object())
            return;
        reply.inputTokens = usage->value("prompt_tokens", std::int64_t(0));
        reply.outputTokens = usage->value("completion_tokens", std::int64_t(0));
        reply.hasUsage = true;
    }

    void readModel(const json& object, WireReply& reply)
    {
        if (auto model = object.find("model"); model != object.end() && model->is_string())
            reply.model = model->get<std::string>();
    }

    void readFinish(const json& choice, WireReply& reply)
    {
        if (auto finish = choice.find("finish_reason"); finish != choice.end() && finish->is_string())
            reply.finishReason = finish->get<std::string>();
    }

    WireStatus serverError(const json& object)
    {
        const json& error = object["error"];
        std::string message = error.is_string() ? error.get<std::string>()
            : error.is_object() && error.contains("message") && error["message"].is_string() ? error["message"].get<std::string>()
                                                                                             : "error in reply";
        return { WireStatus::Kind::ServerError, message };
    }

    class OpenAiWire : public WireFormat {
    public:
        std::string url(const std::string& baseUrl) const override { return baseUrl + "/chat/completions"; }

        std::vector<std::string> headers(const std::string& apiKey) const override
        {
            if (apiKey.empty())
                return {};
            return { "Authorization: Bearer " + apiKey };
        }

        std::string body(const LlmConfig& config, const ChatRequest& request) const override
        {
            json messages = json::array();
            if (!request.system.empty())
                messages.push_back({ { "role", "system" }, { "content", request.system } });
            for (const auto& message : request.messages)
                messages.push_back({ { "role", message.role }, { "content", message.content } });
            json body { { "model", config.model }, { "messages", std::move(messages) },
                { "temperature", config.temperature }, { "max_tokens", config.maxTokens }, { "stream", config.stream } };
            if (config.stream)
                body["stream_options"] = { { "include_usage", true } };
            return body.dump(-1, ' ', false, json::error_handler_t::replace);
        }

        WireStatus onEvent(const SseEvent& event, WireReply& reply, std::string& delta) const override
        {
            if (event.data == "[DONE]") {
                reply.done = true;
                return {};
            }
            auto chunk = json::parse(event.data, nullptr, false);
            if (chunk.is_discarded() || !chunk.is_object())
                return { WireStatus::Kind::Malformed, {} };
            if (chunk.contains("error"))
                return serverError(chunk);
            readModel(chunk, reply);
            readUsage(chunk, reply);
            auto choices = chunk.find("choices");
            if (choices == chunk.end() || !choices->is_array())
                return chunk.contains("usage") ? WireStatus {} : WireStatus { WireStatus::Kind::Malformed, {} };
            for (const auto& choice : *choices) {
                if (!choice.is_object() || choice.value("index", 0) != 0)
                    continue;
                readFinish(choice, reply);
                auto change = choice.find("delta");
                if (change == choice.end() || !change->is_object())
                    continue;
                if (auto content = change->find("content"); content != change->end() && content->is_string()) {
                    const auto& text = content->get_ref<const std::string&>();
                    reply.text += text;
                    delta += text;
                }
            }
            return {};
        }

        WireStatus parseBody(std::string_view text, WireReply& reply) const override
        {
            auto body = json::parse(text, nullptr, false);
            if (body.is_discarded() || !body.is_object())
                return { WireStatus::Kind::Malformed, {} };
            if (body.contains("error") && !body.contains("choices"))
                return serverError(body);
            auto choices = body.find("choices");
            if (choices == body.end() || !choices->is_array())
                return { WireStatus::Kind::Malformed, {} };
            readModel(body, reply);
            readUsage(body, reply);
            reply.done = true;
            if (choices->empty())
                return {};
            const json& choice = choices->front();
            if (!choice.is_object())
                return { WireStatus::Kind::Malformed, {} };
            readFinish(choice, reply);
            auto message = choice.find("message");
            if (message == choice.end() || !message->is_object())
                return { WireStatus::Kind::Malformed, {} };
            if (auto content = message->find("content"); content != message->end() && content->is_string())
                reply.text = content->get<std::string>();
            return {};
        }
    };

} // namespace

std::unique_ptr<WireFormat> makeOpenAiWire()
{
    return std::make_unique<OpenAiWire>();
}

} // namespace phylo::llm
