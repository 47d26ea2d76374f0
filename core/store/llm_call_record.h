// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <cstdint>
#include <string>

namespace phylo {

/// One LLM call as the session file keeps it (the `llm_calls` table): what was asked, what came back,
/// what it cost and what became of it. Never the API key.
struct LlmCallRecord {
    std::int64_t id = 0;
    std::string agent; ///< "proposer", "mutator", "repairer", "merger", "rethinker"
    std::string model;
    NodeId nodeId = 0; ///< the node it made (0: none, e.g. a proposer's ideas or a failed call)
    std::string idea; ///< the idea it made, if any
    std::string prompt;
    std::string response;
    std::string outcome; ///< what became of it: "node #12", "3 ideas", "edit did not apply", "duplicate of #7", ...
    std::string error; ///< the call's failure ("HTTP 500 after 5 attempts", "malformed reply: ..."), empty if it answered
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    double costUsd = 0;
    int attempts = 0;
    double startedAt = 0;
    double finishedAt = 0;
};

/// What a session's LLM calls add up to.
struct LlmSpend {
    int calls = 0;
    int failedCalls = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    double costUsd = 0;
};

} // namespace phylo
