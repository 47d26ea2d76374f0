// SPDX-License-Identifier: GPL-3.0-or-later
// The LLM provider clients (core/llm) against a loopback server that speaks both wire formats: streaming,
// retries, limits on replies, cancellation (costs, budgets and concurrency: tst_llm_spend.cpp).
#include "llm/http_transport.h"
#include "llm_client_fixture.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "llm/spend_meter.h"
#include "loopback_llm_server.h"
#include "testsupport.h"
#include "util/user_error.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

using namespace phylo;
using namespace phylo::llm;
using namespace phylo::test;
using phylo::test::LoopbackLlmServer;
using phylo::test::LoopbackReply;
using phylo::test::LoopbackRequest;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(phylo::llm::Provider)


class TestLlmClient : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();



    // The clients against the loopback server.
    void streamedReply_data();
    void streamedReply();
    void nonStreamedReply_data();
    void nonStreamedReply();
    void streamRequestAnsweredWithPlainJson_data();
    void streamRequestAnsweredWithPlainJson();
    void eventsSplitAcrossChunks_data();
    void eventsSplitAcrossChunks();
    void noKeyNoAuthHeader();
    void retriesServerErrors();
    void givesUpAfterMaxRetries();
    void retryAfterHonoured();
    void retryAfterCapped();
    void nonRetryableStatus_data();
    void nonRetryableStatus();
    void keyNeverInError();
    void streamCutMidwayIsRetried_data();
    void streamCutMidwayIsRetried();
    void dropBeforeReplyIsRetried();
    void errorEventMidStreamIsRetried();
    void malformedJsonRetriedOnce();
    void emptyChoices_data();
    void emptyChoices();
    void severalMegabytes();
    void replyTooLarge_data();
    void replyTooLarge();
    void timeoutPerAttempt();
    void cancelMidStream();
    void cancelDuringRetryWait();
    void cancelledBeforeStart();
    void connectionRefused();
    void responderHook();
};

void TestLlmClient::initTestCase()
{
    ::setenv(kKeyEnv, kKey, 1);
    ::unsetenv("PHYLO_LLM_CONFIG");
}

// ---------------------------------------------------------------- SSE parser

void TestLlmClient::streamedReply_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::newRow("openai") << Provider::OpenAI;
    QTest::newRow("anthropic") << Provider::Anthropic;
}

void TestLlmClient::streamedReply()
{
    QFETCH(Provider, provider);
    LoopbackLlmServer server;
    const std::string text = "The quick brown fox jumps over the lazy dog, in many small pieces.";
    LoopbackReply reply = LoopbackReply::ok(text);
    reply.chunkChars = 5;
    reply.inputTokens = 120;
    reply.outputTokens = 45;
    server.enqueue(reply);
    auto client = makeClient(configFor(server, provider));
    Deltas deltas;
    const ChatReply result = client->complete(helloRequest(), deltas.sink(), nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.text, text);
    QCOMPARE(deltas.text, text); // the deltas concatenate to the final text
    QVERIFY2(deltas.pieces >= 10, qPrintable(QString::number(deltas.pieces))); // it did stream
    QCOMPARE(deltas.restarts, 0);
    QCOMPARE(result.inputTokens, std::int64_t(120));
    QCOMPARE(result.outputTokens, std::int64_t(45));
    QVERIFY(!result.usageEstimated);
    QCOMPARE(result.attempts, 1);
    QCOMPARE(result.model, std::string("loopback-model"));
    QCOMPARE(result.finishReason, std::string(provider == Provider::Anthropic ? "end_turn" : "stop"));
    QVERIFY(result.seconds > 0);

    QCOMPARE(server.requestCount(), std::size_t(1));
    const LoopbackRequest request = server.requests().front();
    QCOMPARE(request.method, std::string("POST"));
    const Json body = Json::parse(request.body);
    QCOMPARE(body["model"].get<std::string>(), std::string("test-model"));
    QCOMPARE(body["stream"].get<bool>(), true);
    QCOMPARE(body["max_tokens"].get<int>(), 321);
    QCOMPARE(body["temperature"].get<double>(), 0.25);
    if (provider == Provider::OpenAI) {
        QCOMPARE(request.path, std::string("/v1/chat/completions"));
        QCOMPARE(request.header("authorization"), "Bearer " + std::string(kKey));
        QVERIFY(request.header("x-api-key").empty());
        QCOMPARE(body["stream_options"]["include_usage"].get<bool>(), true);
        QCOMPARE(body["messages"].size(), std::size_t(2));
        QCOMPARE(body["messages"][0]["role"].get<std::string>(), std::string("system"));
        QCOMPARE(body["messages"][0]["content"].get<std::string>(), std::string("You are a test."));
        QCOMPARE(body["messages"][1]["content"].get<std::string>(), std::string("Say hello."));
    } else {
        QCOMPARE(request.path, std::string("/v1/messages"));
        QCOMPARE(request.header("x-api-key"), std::string(kKey));
        QCOMPARE(request.header("anthropic-version"), std::string("2023-06-01"));
        QVERIFY(request.header("authorization").empty());
        QCOMPARE(body["system"].get<std::string>(), std::string("You are a test."));
        QCOMPARE(body["messages"].size(), std::size_t(1));
        QCOMPARE(body["messages"][0]["role"].get<std::string>(), std::string("user"));
    }
    QCOMPARE(request.header("content-type"), std::string("application/json"));
}

void TestLlmClient::nonStreamedReply_data()
{
    streamedReply_data();
}

void TestLlmClient::nonStreamedReply()
{
    QFETCH(Provider, provider);
    LoopbackLlmServer server;
    server.enqueue(LoopbackReply::ok("A whole reply at once."));
    LlmConfig config = configFor(server, provider);
    config.stream = false;
    Deltas deltas;
    const ChatReply result = makeClient(config)->complete(helloRequest(), deltas.sink(), nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.text, std::string("A whole reply at once."));
    QCOMPARE(deltas.pieces, 0); // nothing streamed
    QCOMPARE(result.inputTokens, std::int64_t(12));
    QCOMPARE(result.outputTokens, std::int64_t(34));
    const Json body = Json::parse(server.requests().front().body);
    QCOMPARE(body["stream"].get<bool>(), false);
    QVERIFY(!body.contains("stream_options"));
}

void TestLlmClient::streamRequestAnsweredWithPlainJson_data()
{
    streamedReply_data();
}

void TestLlmClient::streamRequestAnsweredWithPlainJson()
{
    QFETCH(Provider, provider);
    LoopbackLlmServer server;
    LoopbackReply reply = LoopbackReply::ok("Plain JSON although a stream was asked for.");
    reply.stream = false;
    server.enqueue(reply);
    const ChatReply result = makeClient(configFor(server, provider))->complete(helloRequest(), {}, nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.text, reply.text);
    QVERIFY(server.requests().front().wantsStream());
    QCOMPARE(result.outputTokens, std::int64_t(34));
}

void TestLlmClient::eventsSplitAcrossChunks_data()
{
    streamedReply_data();
}

void TestLlmClient::eventsSplitAcrossChunks()
{
    QFETCH(Provider, provider);
    LoopbackLlmServer server;
    LoopbackReply reply = LoopbackReply::ok("Split into three-byte HTTP chunks, mid-line and mid-UTF-8: \xc3\xa9\xc3\xa8.");
    reply.splitBytes = 3;
    server.enqueue(reply);
    Deltas deltas;
    const ChatReply result = makeClient(configFor(server, provider))->complete(helloRequest(), deltas.sink(), nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.text, reply.text);
    QCOMPARE(deltas.text, reply.text);
}

void TestLlmClient::noKeyNoAuthHeader()
{
    LoopbackLlmServer server;
    LlmConfig config = configFor(server, Provider::OpenAI);
    config.keyEnv.clear(); // a local server
    const ChatReply result = makeClient(config)->complete(helloRequest(), {}, nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QVERIFY(server.requests().front().header("authorization").empty());
}

void TestLlmClient::retriesServerErrors()
{
    LoopbackLlmServer server;
    server.enqueue(LoopbackReply::error(500, "boom"));
    server.enqueue(LoopbackReply::error(503, "busy"));
    server.enqueue(LoopbackReply::ok("third time lucky"));
    const ChatReply result = makeClient(configFor(server, Provider::Anthropic))->complete(helloRequest(), {}, nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.text, std::string("third time lucky"));
    QCOMPARE(result.attempts, 3);
    QCOMPARE(server.requestCount(), std::size_t(3));
}

void TestLlmClient::givesUpAfterMaxRetries()
{
    LoopbackLlmServer server;
    server.setDefault(LoopbackReply::error(500, "upstream overloaded"));
    LlmConfig config = configFor(server, Provider::OpenAI);
    config.maxRetries = 4;
    const ChatReply result = makeClient(config)->complete(helloRequest(), {}, nullptr);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.rfind("HTTP 500 after 5 attempts", 0) == 0, result.error.c_str());
    QVERIFY2(result.error.find("upstream overloaded") != std::string::npos, result.error.c_str());
    QCOMPARE(result.attempts, 5);
    QCOMPARE(server.requestCount(), std::size_t(5));
    QVERIFY(result.text.empty());
}

void TestLlmClient::retryAfterHonoured()
{
    LoopbackLlmServer server;
    server.enqueue(LoopbackReply::error(429, "slow down", "1"));
    server.enqueue(LoopbackReply::ok("after waiting"));
    const auto start = std::chrono::steady_clock::now();
    const ChatReply result = makeClient(configFor(server, Provider::OpenAI))->complete(helloRequest(), {}, nullptr);
    const double elapsed = secondsSince(start);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.attempts, 2);
    QVERIFY2(elapsed >= 1.0, qPrintable(QString::number(elapsed)));
    const auto requests = server.requests();
    QVERIFY2(requests[1].receivedS - requests[0].receivedS >= 0.95, qPrintable(QString::number(requests[1].receivedS - requests[0].receivedS)));
}

void TestLlmClient::retryAfterCapped()
{
    LoopbackLlmServer server;
    server.enqueue(LoopbackReply::error(429, "come back in an hour", "3600"));
    server.enqueue(LoopbackReply::ok("capped"));
    LlmConfig config = configFor(server, Provider::Anthropic);
    config.retryAfterCapS = 0.3;
    const auto start = std::chrono::steady_clock::now();
    const ChatReply result = makeClient(config)->complete(helloRequest(), {}, nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    const double elapsed = secondsSince(start);
    QVERIFY2(elapsed >= 0.3 && elapsed < 5, qPrintable(QString::number(elapsed)));
}

void TestLlmClient::nonRetryableStatus_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<int>("status");
    QTest::newRow("openai 400") << Provider::OpenAI << 400;
    QTest::newRow("openai 403") << Provider::OpenAI << 403;
    QTest::newRow("openai 404") << Provider::OpenAI << 404;
    QTest::newRow("anthropic 400") << Provider::Anthropic << 400;
    QTest::newRow("anthropic 401") << Provider::Anthropic << 401;
}

void TestLlmClient::nonRetryableStatus()
{
    QFETCH(Provider, provider);
    QFETCH(int, status);
    LoopbackLlmServer server;
    server.setDefault(LoopbackReply::error(status, "the model does not exist"));
    const ChatReply result = makeClient(configFor(server, provider))->complete(helloRequest(), {}, nullptr);
    QVERIFY(!result.ok);
    QCOMPARE(result.attempts, 1);
    QCOMPARE(server.requestCount(), std::size_t(1));
    QCOMPARE(result.error, "HTTP " + std::to_string(status) + ": the model does not exist");
}

void TestLlmClient::keyNeverInError()
{
    for (Provider provider : { Provider::OpenAI, Provider::Anthropic }) {
        LoopbackLlmServer server;
        // A server that echoes the key it got (as some do) in its error message.
        server.setResponder([](const LoopbackRequest& request) {
            const std::string key = request.isAnthropic() ? request.header("x-api-key") : request.header("authorization");
            return LoopbackReply::error(401, "Incorrect API key provided: " + key + "\nsee the docs");
        });
        const ChatReply result = makeClient(configFor(server, provider))->complete(helloRequest(), {}, nullptr);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.rfind("HTTP 401: Incorrect API key provided", 0) == 0, result.error.c_str());
        QVERIFY2(result.error.find(kKey) == std::string::npos, result.error.c_str());
        QVERIFY2(result.error.find("SECRET") == std::string::npos, result.error.c_str());
        QVERIFY2(result.error.find('\n') == std::string::npos, result.error.c_str()); // one line
        // It was sent, though, in the provider's header.
        const auto request = server.requests().front();
        QVERIFY((provider == Provider::Anthropic ? request.header("x-api-key") : request.header("authorization")).find(kKey) != std::string::npos);
    }
}

void TestLlmClient::streamCutMidwayIsRetried_data()
{
    streamedReply_data();
}

void TestLlmClient::streamCutMidwayIsRetried()
{
    QFETCH(Provider, provider);
    LoopbackLlmServer server;
    LoopbackReply cut = LoopbackReply::ok("This first attempt is cut off half way through.");
    cut.chunkChars = 4;
    cut.dropAfterEvents = 6;
    server.enqueue(cut);
    server.enqueue(LoopbackReply::ok("The second attempt is whole."));
    Deltas deltas;
    std::string everything; // what a consumer that ignores restarts would see
    const ChatReply result = makeClient(configFor(server, provider))->complete(helloRequest(), [&](std::string_view delta) {
        everything += delta;
        deltas.sink()(delta);
    },
        nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.attempts, 2);
    QCOMPARE(result.text, std::string("The second attempt is whole.")); // the partial text was discarded
    QCOMPARE(deltas.restarts, 1);
    QCOMPARE(deltas.text, result.text);
    QVERIFY(everything.size() > result.text.size()); // the cut attempt did stream some text first
}

void TestLlmClient::dropBeforeReplyIsRetried()
{
    LoopbackLlmServer server;
    LoopbackReply drop;
    drop.dropBeforeReply = true;
    server.enqueue(drop);
    server.enqueue(LoopbackReply::ok("reconnected"));
    const ChatReply result = makeClient(configFor(server, Provider::OpenAI))->complete(helloRequest(), {}, nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.attempts, 2);

    server.setDefault(drop);
    LlmConfig config = configFor(server, Provider::OpenAI);
    config.maxRetries = 1;
    const ChatReply failed = makeClient(config)->complete(helloRequest(), {}, nullptr);
    QVERIFY(!failed.ok);
    QVERIFY2(failed.error.rfind("connection", 0) == 0 && failed.error.find("after 2 attempts") != std::string::npos, failed.error.c_str());
}

void TestLlmClient::errorEventMidStreamIsRetried()
{
    for (Provider provider : { Provider::OpenAI, Provider::Anthropic }) {
        LoopbackLlmServer server;
        LoopbackReply overloaded = LoopbackReply::ok("partial text then an error event");
        overloaded.midStreamError = "Overloaded";
        server.enqueue(overloaded);
        server.enqueue(LoopbackReply::ok("fine now"));
        Deltas deltas;
        const ChatReply result = makeClient(configFor(server, provider))->complete(helloRequest(), deltas.sink(), nullptr);
        QVERIFY2(result.ok, result.error.c_str());
        QCOMPARE(result.attempts, 2);
        QCOMPARE(deltas.text, std::string("fine now"));
    }
}

void TestLlmClient::malformedJsonRetriedOnce()
{
    LoopbackLlmServer server;
    server.enqueue(LoopbackReply::malformed());
    server.enqueue(LoopbackReply::ok("valid now"));
    const ChatReply recovered = makeClient(configFor(server, Provider::OpenAI))->complete(helloRequest(), {}, nullptr);
    QVERIFY2(recovered.ok, recovered.error.c_str());
    QCOMPARE(recovered.attempts, 2);

    LoopbackLlmServer always;
    always.setDefault(LoopbackReply::malformed());
    const ChatReply result = makeClient(configFor(always, Provider::Anthropic))->complete(helloRequest(), {}, nullptr);
    QVERIFY(!result.ok);
    QCOMPARE(result.error, std::string("malformed JSON in reply after 2 attempts"));
    QCOMPARE(always.requestCount(), std::size_t(2)); // once, not maxRetries times

    // A malformed event in a stream counts the same.
    LoopbackLlmServer streamed;
    LoopbackReply badEvent;
    badEvent.body = "data: {\"choices\": [{\"delta\": {\"content\": \"a\"}}]}\n\ndata: {not json}\n\ndata: [DONE]\n\n";
    badEvent.contentType = "text/event-stream";
    streamed.enqueue(badEvent);
    streamed.enqueue(LoopbackReply::ok("x"));
    const ChatReply again = makeClient(configFor(streamed, Provider::OpenAI))->complete(helloRequest(), {}, nullptr);
    QVERIFY2(again.ok, again.error.c_str()); // the first reply did not parse; the retry did
    QCOMPARE(again.attempts, 2);
}

void TestLlmClient::emptyChoices_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<bool>("stream");
    QTest::newRow("openai streamed") << Provider::OpenAI << true;
    QTest::newRow("openai whole") << Provider::OpenAI << false;
    QTest::newRow("anthropic streamed") << Provider::Anthropic << true;
    QTest::newRow("anthropic whole") << Provider::Anthropic << false;
}

void TestLlmClient::emptyChoices()
{
    QFETCH(Provider, provider);
    QFETCH(bool, stream);
    LoopbackLlmServer server;
    LoopbackReply empty;
    empty.emptyChoices = true;
    server.setDefault(empty);
    LlmConfig config = configFor(server, provider);
    config.stream = stream;
    const ChatReply result = makeClient(config)->complete(helloRequest(), {}, nullptr);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.rfind("empty reply", 0) == 0, result.error.c_str());
    QCOMPARE(result.attempts, 1);
    QCOMPARE(result.inputTokens, std::int64_t(12)); // what the server reported is still counted
}

void TestLlmClient::severalMegabytes()
{
    for (Provider provider : { Provider::OpenAI, Provider::Anthropic }) {
        LoopbackLlmServer server;
        std::string text;
        while (text.size() < (std::size_t(3) << 20))
            text += "for (int i = 0; i < n; ++i) { y[i] = a * x[i] + y[i]; } // \"quoted\" \\ escaped\n";
        LoopbackReply big = LoopbackReply::ok(text);
        big.chunkChars = 64 * 1024;
        server.enqueue(big);
        big.stream = false;
        server.enqueue(big);
        auto client = makeClient(configFor(server, provider));
        Deltas deltas;
        const ChatReply streamed = client->complete(helloRequest(), deltas.sink(), nullptr);
        QVERIFY2(streamed.ok, streamed.error.c_str());
        QCOMPARE(streamed.text.size(), text.size());
        QVERIFY(streamed.text == text);
        QVERIFY(deltas.text == text);
        const ChatReply whole = client->complete(helloRequest(), {}, nullptr);
        QVERIFY2(whole.ok, whole.error.c_str());
        QVERIFY(whole.text == text);
    }
}

void TestLlmClient::replyTooLarge_data()
{
    emptyChoices_data();
}

void TestLlmClient::replyTooLarge()
{
    QFETCH(Provider, provider);
    QFETCH(bool, stream);
    LoopbackLlmServer server;
    LoopbackReply huge = LoopbackReply::ok(std::string((std::size_t(5) << 20) + 17, 'x'));
    huge.chunkChars = 256 * 1024;
    server.setDefault(huge);
    LlmConfig config = configFor(server, provider); // the default limit, 4 MiB
    config.stream = stream;
    const ChatReply result = makeClient(config)->complete(helloRequest(), {}, nullptr);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.rfind("reply too large", 0) == 0, result.error.c_str());
    QCOMPARE(result.attempts, 1);
    QVERIFY(result.text.empty());
}

void TestLlmClient::timeoutPerAttempt()
{
    LoopbackLlmServer server;
    LoopbackReply slow = LoopbackReply::ok("too late");
    slow.delayS = 5;
    server.setDefault(slow);
    LlmConfig config = configFor(server, Provider::OpenAI);
    config.timeoutS = 0.5;
    config.maxRetries = 1;
    const auto start = std::chrono::steady_clock::now();
    const ChatReply result = makeClient(config)->complete(helloRequest(), {}, nullptr);
    const double elapsed = secondsSince(start);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.rfind("timed out after 2 attempts", 0) == 0, result.error.c_str());
    QCOMPARE(server.requestCount(), std::size_t(2));
    QVERIFY2(elapsed >= 1.0 && elapsed < 3.0, qPrintable(QString::number(elapsed)));

    // A stream that keeps trickling past the limit times out too.
    LoopbackLlmServer trickle;
    LoopbackReply dribble = LoopbackReply::ok(std::string(100, 'z'));
    dribble.chunkChars = 1;
    dribble.chunkDelayS = 0.05;
    trickle.setDefault(dribble);
    config.baseUrl = trickle.baseUrl();
    config.maxRetries = 0;
    Deltas deltas;
    const ChatReply cut = makeClient(config)->complete(helloRequest(), deltas.sink(), nullptr);
    QVERIFY2(cut.error.rfind("timed out", 0) == 0, cut.error.c_str());
    QVERIFY(deltas.pieces > 0);
}

void TestLlmClient::cancelMidStream()
{
    for (Provider provider : { Provider::OpenAI, Provider::Anthropic }) {
        LoopbackLlmServer server;
        LoopbackReply slow = LoopbackReply::ok(std::string(200, 'y'));
        slow.chunkChars = 1;
        slow.chunkDelayS = 0.1; // 20 s in all
        server.setDefault(slow);
        std::atomic<bool> cancel { false };
        std::chrono::steady_clock::time_point cancelledAt;
        std::atomic<int> pieces { 0 };
        std::thread canceller([&] {
            while (pieces < 3)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            cancelledAt = std::chrono::steady_clock::now();
            cancel = true;
        });
        const ChatReply result = makeClient(configFor(server, provider))->complete(helloRequest(), [&](std::string_view) { ++pieces; }, &cancel);
        const auto returnedAt = std::chrono::steady_clock::now();
        canceller.join();
        const double latency = std::chrono::duration<double>(returnedAt - cancelledAt).count();
        QVERIFY(!result.ok);
        QCOMPARE(result.error, std::string("cancelled"));
        QVERIFY2(latency < 1.0, qPrintable(QString::number(latency)));
        QCOMPARE(server.requestCount(), std::size_t(1)); // not retried
    }
}

void TestLlmClient::cancelDuringRetryWait()
{
    LoopbackLlmServer server;
    server.setDefault(LoopbackReply::error(429, "wait", "30"));
    std::atomic<bool> cancel { false };
    std::thread canceller([&] {
        server.waitForRequests(1, 10);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel = true;
    });
    const auto start = std::chrono::steady_clock::now();
    const ChatReply result = makeClient(configFor(server, Provider::OpenAI))->complete(helloRequest(), {}, &cancel);
    const double elapsed = secondsSince(start);
    canceller.join();
    QCOMPARE(result.error, std::string("cancelled"));
    QVERIFY2(elapsed < 1.5, qPrintable(QString::number(elapsed)));
    QCOMPARE(server.requestCount(), std::size_t(1));
}

void TestLlmClient::cancelledBeforeStart()
{
    LoopbackLlmServer server;
    std::atomic<bool> cancel { true };
    const ChatReply result = makeClient(configFor(server, Provider::OpenAI))->complete(helloRequest(), {}, &cancel);
    QCOMPARE(result.error, std::string("cancelled"));
    QCOMPARE(result.attempts, 0);
    QCOMPARE(server.requestCount(), std::size_t(0));
}

void TestLlmClient::connectionRefused()
{
    int port = 0;
    {
        LoopbackLlmServer gone;
        port = gone.port();
    }
    LlmConfig config;
    config.model = "m";
    config.baseUrl = "http://127.0.0.1:" + std::to_string(port) + "/v1";
    config.maxRetries = 1;
    config.backoffBaseS = 0.01;
    const ChatReply result = makeClient(config)->complete(helloRequest(), {}, nullptr);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.rfind("connection failed after 2 attempts", 0) == 0, result.error.c_str());
}

void TestLlmClient::responderHook()
{
    LoopbackLlmServer server;
    server.setResponder([](const LoopbackRequest& request) {
        const Json body = Json::parse(request.body);
        return LoopbackReply::ok("echo: " + body["messages"].back()["content"].get<std::string>());
    });
    auto client = makeClient(configFor(server, Provider::Anthropic));
    ChatRequest request = helloRequest();
    request.messages.push_back({ "assistant", "Hello." });
    request.messages.push_back({ "user", "Now say 42." });
    const ChatReply result = client->complete(request, {}, nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QCOMPARE(result.text, std::string("echo: Now say 42."));
    const Json body = Json::parse(server.requests().front().body);
    QCOMPARE(body["messages"].size(), std::size_t(3));
    QCOMPARE(body["messages"][1]["role"].get<std::string>(), std::string("assistant"));
}

QTEST_APPLESS_MAIN(TestLlmClient)
#include "tst_llm_client.moc"
