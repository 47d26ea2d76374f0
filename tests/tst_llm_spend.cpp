// SPDX-License-Identifier: GPL-3.0-or-later
// What LLM calls cost and how they are limited (core/llm): costs from usage or estimated, token and dollar
// budgets, the concurrency limit, against the loopback server.
#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "llm/spend_meter.h"
#include "llm_client_fixture.h"
#include "loopback_llm_server.h"
#include "testsupport.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

using namespace phylo;
using namespace phylo::llm;
using namespace phylo::test;
using Json = nlohmann::json;

class TestLlmSpend : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        ::setenv(kKeyEnv, kKey, 1);
        ::unsetenv("PHYLO_LLM_CONFIG");
    }
    void costsComputed();
    void missingUsageIsEstimated();
    void tokenBudgetStopsCalls();
    void dollarBudgetStopsCalls();
    void concurrencyLimit();
    void cancelWhileWaitingForASlot();
};

void TestLlmSpend::costsComputed()
{
    for (Provider provider : { Provider::OpenAI, Provider::Anthropic }) {
        LoopbackLlmServer server;
        LoopbackReply reply = LoopbackReply::ok("priced");
        reply.inputTokens = 1000;
        reply.outputTokens = 250;
        server.setDefault(reply);
        LlmConfig config = configFor(server, provider);
        config.inputUsdPerMTok = 3;
        config.outputUsdPerMTok = 15;
        const ChatReply result = makeClient(config)->complete(helloRequest(), {}, nullptr);
        QVERIFY2(result.ok, result.error.c_str());
        QCOMPARE(result.costUsd, (1000 * 3.0 + 250 * 15.0) / 1e6);
        QCOMPARE(costUsd(config, 2'000'000, 0), 6.0);
    }
}

void TestLlmSpend::missingUsageIsEstimated()
{
    LoopbackLlmServer server;
    LoopbackReply reply = LoopbackReply::ok(std::string(400, 'a'));
    reply.usage = false;
    server.setDefault(reply);
    const ChatReply result = makeClient(configFor(server, Provider::OpenAI))->complete(helloRequest(), {}, nullptr);
    QVERIFY2(result.ok, result.error.c_str());
    QVERIFY(result.usageEstimated);
    QCOMPARE(result.outputTokens, std::int64_t(100));
    QVERIFY(result.inputTokens > 0);
}

void TestLlmSpend::tokenBudgetStopsCalls()
{
    LoopbackLlmServer server;
    LoopbackReply reply = LoopbackReply::ok("spent");
    reply.inputTokens = 30;
    reply.outputTokens = 20; // 50 a call
    server.setDefault(reply);
    LlmConfig config = configFor(server, Provider::OpenAI);
    config.budgetTokens = 120;
    auto meter = std::make_shared<SpendMeter>(config);
    MeteredClient client(makeClient(config), meter);
    int okCalls = 0;
    for (int i = 0; i < 10; ++i) {
        const ChatReply result = client.complete(helloRequest(), {}, nullptr);
        if (!result.ok) {
            QCOMPARE(result.error, std::string("budget reached"));
            QCOMPARE(result.attempts, 0);
            break;
        }
        ++okCalls;
    }
    QCOMPARE(okCalls, 3); // 50, 100 (< 120), 150: then no more
    QCOMPARE(server.requestCount(), std::size_t(3));
    QCOMPARE(meter->tokens(), std::int64_t(150));
    QCOMPARE(meter->calls(), 3);
    QVERIFY(!meter->mayCall());
}

void TestLlmSpend::dollarBudgetStopsCalls()
{
    LoopbackLlmServer server;
    LoopbackReply reply = LoopbackReply::ok("spent");
    reply.inputTokens = 100'000;
    reply.outputTokens = 10'000; // 0.1 * 1 + 0.01 * 10 = $0.20 a call
    server.setDefault(reply);
    LlmConfig config = configFor(server, Provider::Anthropic);
    config.inputUsdPerMTok = 1;
    config.outputUsdPerMTok = 10;
    config.budgetUsd = 0.5;
    SpendMeter meter(config);
    auto client = makeClient(config);
    int calls = 0;
    while (meter.mayCall() && calls < 10) {
        const ChatReply result = client->complete(helloRequest(), {}, nullptr);
        QVERIFY2(result.ok, result.error.c_str());
        meter.record(result);
        ++calls;
    }
    QCOMPARE(calls, 3); // $0.20, $0.40, $0.60
    QVERIFY(std::abs(meter.usd() - 0.6) < 1e-9);
    QVERIFY2(meter.summary().find("of $0.5") != std::string::npos, meter.summary().c_str());

    // Failed calls are recorded too (and cost what the server reported).
    ChatReply failed;
    failed.error = "HTTP 500 after 5 attempts";
    SpendMeter unlimited(LlmConfig {});
    unlimited.record(failed);
    QCOMPARE(unlimited.calls(), 1);
    QVERIFY(unlimited.mayCall());
}

void TestLlmSpend::concurrencyLimit()
{
    LoopbackLlmServer server;
    LoopbackReply slow = LoopbackReply::ok("slow");
    slow.delayS = 0.4;
    server.setDefault(slow);
    LlmConfig config = configFor(server, Provider::OpenAI);
    config.concurrency = 2;
    auto client = makeClient(config);
    std::atomic<int> ok { 0 };
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            if (client->complete(helloRequest(), {}, nullptr).ok)
                ++ok;
        });
    for (auto& thread : threads)
        thread.join();
    const double elapsed = secondsSince(start);
    QCOMPARE(ok.load(), 4);
    QVERIFY2(elapsed >= 0.75, qPrintable(QString::number(elapsed))); // two rounds of two, not one of four
    // At no time were more than two requests in the server: the third arrived after the first answer.
    auto requests = server.requests();
    std::sort(requests.begin(), requests.end(), [](const auto& a, const auto& b) { return a.receivedS < b.receivedS; });
    QVERIFY2(requests[2].receivedS - requests[0].receivedS >= 0.35, qPrintable(QString::number(requests[2].receivedS - requests[0].receivedS)));
}

void TestLlmSpend::cancelWhileWaitingForASlot()
{
    LoopbackLlmServer server;
    LoopbackReply slow = LoopbackReply::ok("slow");
    slow.delayS = 1.5;
    server.setDefault(slow);
    LlmConfig config = configFor(server, Provider::OpenAI);
    config.concurrency = 1;
    auto client = makeClient(config);
    std::thread first([&] { client->complete(helloRequest(), {}, nullptr); });
    QVERIFY(server.waitForRequests(1, 5));
    std::atomic<bool> cancel { false };
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel = true;
    });
    const auto start = std::chrono::steady_clock::now();
    const ChatReply waiting = client->complete(helloRequest(), {}, &cancel);
    const double elapsed = secondsSince(start);
    canceller.join();
    first.join();
    QCOMPARE(waiting.error, std::string("cancelled"));
    QCOMPARE(waiting.attempts, 0); // it never got a slot
    QVERIFY2(elapsed < 1.0, qPrintable(QString::number(elapsed)));
    QCOMPARE(server.requestCount(), std::size_t(1));
}

QTEST_APPLESS_MAIN(TestLlmSpend)
#include "tst_llm_spend.moc"
