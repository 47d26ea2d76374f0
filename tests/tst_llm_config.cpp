// SPDX-License-Identifier: GPL-3.0-or-later
// The LLM clients' parts that need no server: the server-sent-events parser, the [llm] configuration
// (tables, --llm, layers, the key variable) and the retry policy. The clients themselves: tst_llm_client.
#include "llm/http_transport.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"
#include "llm/retry_policy.h"
#include "llm/sse_parser.h"
#include "testsupport.h"
#include "util/user_error.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <functional>

using namespace phylo;
using namespace phylo::llm;

namespace {

constexpr const char* kKeyEnv = "PHYLO_TEST_LLM_KEY";
constexpr const char* kKey = "sk-test-SECRET-0123456789";

std::vector<SseEvent> parseAll(const std::vector<std::string_view>& chunks)
{
    std::vector<SseEvent> events;
    SseParser parser;
    auto sink = [&](const SseEvent& event) { events.push_back(event); };
    for (auto chunk : chunks)
        parser.feed(chunk, sink);
    parser.finish(sink);
    return events;
}

std::string expectUserError(const std::function<void()>& action)
{
    try {
        action();
    } catch (const UserError& error) {
        return error.what();
    }
    return "(no UserError thrown)";
}

} // namespace

class TestLlmConfig : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    // The SSE parser.
    void sseEventsSplitAnywhere();
    void sseIgnoresIncompleteLastEvent();

    // Configuration.
    void parseFullTable();
    void parseErrorsNameTheKey_data();
    void parseErrorsNameTheKey();
    void keyPastedIntoKeyEnvIsNotEchoed();
    void overrideString();
    void overrideErrors_data();
    void overrideErrors();
    void layeredConfig();
    void explicitUserFileMustExist();
    void describeNeverShowsTheKey();
    void makeClientNeedsTheKeyVariable();
    void retryPolicy();
};

void TestLlmConfig::initTestCase()
{
    ::setenv(kKeyEnv, kKey, 1);
    ::unsetenv("PHYLO_LLM_CONFIG");
}

void TestLlmConfig::sseEventsSplitAnywhere()
{
    const std::string stream = ": keep-alive\r\n"
                               "event: first\r\n"
                               "data: one\r\n"
                               "data:two\r\n"
                               "\r\n"
                               "data: {\"x\": \"a:b\"}\n"
                               "id: 7\n"
                               "\n"
                               "event: third\r"
                               "data: three\r"
                               "\r"
                               "data\n"
                               "\n"
                               "event: no-data\n"
                               "\n"
                               "data: last\n\n";
    const std::vector<SseEvent> whole = parseAll({ stream });
    QCOMPARE(whole.size(), std::size_t(5)); // the event with no data line is not dispatched
    QCOMPARE(whole[0].event, std::string("first"));
    QCOMPARE(whole[0].data, std::string("one\ntwo"));
    QCOMPARE(whole[1].data, std::string("{\"x\": \"a:b\"}"));
    QCOMPARE(whole[1].id, std::string("7"));
    QCOMPARE(whole[2].event, std::string("third"));
    QCOMPARE(whole[2].data, std::string("three"));
    QCOMPARE(whole[3].data, std::string("")); // "data" with no colon: an empty data line
    QCOMPARE(whole[4].event, std::string()); // "no-data"'s name did not leak into the next event
    QCOMPARE(whole[4].data, std::string("last"));
    // Split in two at every byte (CRLFs split too), and one byte at a time.
    auto same = [&](const std::vector<SseEvent>& events) {
        if (events.size() != whole.size())
            return false;
        for (std::size_t i = 0; i < events.size(); ++i)
            if (events[i].event != whole[i].event || events[i].data != whole[i].data || events[i].id != whole[i].id)
                return false;
        return true;
    };
    const std::string_view view(stream);
    for (std::size_t cut = 0; cut <= stream.size(); ++cut)
        QVERIFY2(same(parseAll({ view.substr(0, cut), view.substr(cut) })), qPrintable(QString("split at %1").arg(cut)));
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < stream.size(); ++i)
        bytes.push_back(view.substr(i, 1));
    QVERIFY(same(parseAll(bytes)));
}

void TestLlmConfig::sseIgnoresIncompleteLastEvent()
{
    const auto events = parseAll({ "data: whole\n\ndata: cut" });
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].data, std::string("whole"));
    SseParser parser;
    parser.feed("data: 0123456789", [](const SseEvent&) {});
    QVERIFY(parser.pendingBytes() >= 10);
}

// ---------------------------------------------------------------- configuration

void TestLlmConfig::parseFullTable()
{
    const auto table = toml::parse(R"(
provider = "anthropic"
model = "claude-test"
base_url = "http://127.0.0.1:9999/v1/"
key_env = "MY_KEY"
temperature = 0.2
max_tokens = 2000
concurrency = 3
timeout_s = 30
max_retries = 2
stream = false
budget_usd = 1.5
budget_tokens = 50000
[prices]
"claude-test" = { input = 3, output = 15 }
"other" = { input = 1, output = 2 }
)");
    const LlmConfig config = parseLlmTable(table, "llm.toml");
    QVERIFY(config.provider == Provider::Anthropic);
    QCOMPARE(config.model, std::string("claude-test"));
    QCOMPARE(config.baseUrl, std::string("http://127.0.0.1:9999/v1")); // trailing slash dropped
    QCOMPARE(config.keyEnv, std::string("MY_KEY"));
    QCOMPARE(config.temperature, 0.2);
    QCOMPARE(config.maxTokens, 2000);
    QCOMPARE(config.concurrency, 3);
    QCOMPARE(config.timeoutS, 30.0);
    QCOMPARE(config.maxRetries, 2);
    QCOMPARE(config.stream, false);
    QCOMPARE(config.inputUsdPerMTok, 3.0); // from [prices], by the model's name
    QCOMPARE(config.outputUsdPerMTok, 15.0);
    QCOMPARE(config.budgetUsd.value_or(-1), 1.5);
    QCOMPARE(config.budgetTokens.value_or(-1), std::int64_t(50000));

    // Defaults: the provider's URL and key variable; a custom URL gets no key variable.
    const LlmConfig openai = parseLlmTable(toml::parse("model = \"gpt-test\""), "x");
    QCOMPARE(openai.baseUrl, std::string("https://api.openai.com/v1"));
    QCOMPARE(openai.keyEnv, std::string("OPENAI_API_KEY"));
    QCOMPARE(openai.stream, true);
    const LlmConfig local = parseLlmTable(toml::parse("provider = \"ollama\"\nmodel = \"qwen\"\nbase_url = \"http://localhost:11434/v1\""), "x");
    QVERIFY(local.provider == Provider::OpenAI);
    QCOMPARE(local.keyEnv, std::string());
    // An explicit price wins over the [prices] entry.
    const LlmConfig priced = parseLlmTable(toml::parse("model = \"m\"\ninput_usd_per_mtok = 7\n[prices]\nm = { input = 1, output = 2 }"), "x");
    QCOMPARE(priced.inputUsdPerMTok, 7.0);
    QCOMPARE(priced.outputUsdPerMTok, 2.0);
}

void TestLlmConfig::parseErrorsNameTheKey_data()
{
    QTest::addColumn<QString>("toml");
    QTest::addColumn<QString>("expected"); ///< fragments, separated by '|'
    QTest::newRow("unknown key") << "model = \"m\"\ntemprature = 1" << "llm.toml:2|unknown key 'temprature'|temperature";
    QTest::newRow("temperature type") << "temperature = \"hot\"" << "[llm] temperature|a number from 0 to 2|\"hot\"";
    QTest::newRow("temperature range") << "temperature = 3.5" << "[llm] temperature|a number from 0 to 2";
    QTest::newRow("provider") << "provider = \"gemini\"" << "[llm] provider|\"openai\"|\"anthropic\"|gemini";
    QTest::newRow("max_tokens float") << "max_tokens = 1.5" << "[llm] max_tokens|an integer";
    QTest::newRow("stream string") << "stream = \"yes\"" << "[llm] stream|true or false";
    QTest::newRow("base_url") << "base_url = \"localhost:1234\"" << "[llm] base_url|http://";
    QTest::newRow("concurrency zero") << "concurrency = 0" << "[llm] concurrency|from 1";
    QTest::newRow("price entry") << "[prices]\nm = 3" << "[llm.prices] m|input = USD";
    QTest::newRow("price key") << "[prices]\nm = { input = 1, outptu = 2 }" << "[llm.prices] m|unknown key 'outptu'";
    QTest::newRow("budget without price") << "model = \"free\"\nbudget_usd = 2" << "llm.toml|budget_usd|'free' has no price|budget_tokens";
}

void TestLlmConfig::parseErrorsNameTheKey()
{
    QFETCH(QString, toml);
    QFETCH(QString, expected);
    const auto table = toml::parse(toml.toStdString(), std::string("llm.toml"));
    const QString message = QString::fromStdString(expectUserError([&] { parseLlmTable(table, "llm.toml"); }));
    for (const QString& fragment : expected.split('|'))
        QVERIFY2(message.contains(fragment), qPrintable(message + "  (wanted: " + fragment + ")"));
}

void TestLlmConfig::keyPastedIntoKeyEnvIsNotEchoed()
{
    const std::string secret = "sk-proj-abcdefSECRET1234";
    const auto table = toml::parse("key_env = \"" + secret + "\"");
    const std::string message = expectUserError([&] { parseLlmTable(table, "llm.toml"); });
    QVERIFY2(message.find("key_env") != std::string::npos, message.c_str());
    QVERIFY2(message.find("NAME") != std::string::npos, message.c_str());
    QVERIFY2(message.find(secret) == std::string::npos, message.c_str());
}

void TestLlmConfig::overrideString()
{
    const LlmConfig config = parseLlmOverride("provider=anthropic, model=claude-x,budget_tokens=1000,stream=false,temperature=1,max_retries=0");
    QVERIFY(config.provider == Provider::Anthropic);
    QCOMPARE(config.model, std::string("claude-x"));
    QCOMPARE(config.budgetTokens.value_or(0), std::int64_t(1000));
    QCOMPARE(config.stream, false);
    QCOMPARE(config.temperature, 1.0);
    QCOMPARE(config.maxRetries, 0);
    QCOMPARE(config.keyEnv, std::string("ANTHROPIC_API_KEY"));
    QCOMPARE(config.baseUrl, std::string("https://api.anthropic.com/v1"));
    // A model name that looks like a number stays a string.
    QCOMPARE(parseLlmOverride("model=4").model, std::string("4"));

    QTemporaryDir dir;
    const std::string path = dir.filePath("llm.toml").toStdString();
    test::writeFile(path, "[llm]\nprovider = \"openai\"\nmodel = \"from-file\"\nbase_url = \"http://127.0.0.1:1/v1\"\n");
    const LlmConfig fromFile = parseLlmOverride(path);
    QCOMPARE(fromFile.model, std::string("from-file"));
    QCOMPARE(fromFile.baseUrl, std::string("http://127.0.0.1:1/v1"));
}

void TestLlmConfig::overrideErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not a number") << "model=m,temperature=hot" << "--llm temperature|a number";
    QTest::newRow("unknown key") << "model=m,colour=blue" << "unknown key 'colour'";
    QTest::newRow("no equals") << "model=m,stream" << "'stream' is not key=value";
    QTest::newRow("twice") << "model=a,model=b" << "'model' is given twice";
    QTest::newRow("missing file") << "/nonexistent/llm.toml" << "--llm: no such file|/nonexistent/llm.toml";
    QTest::newRow("bad provider") << "provider=gemini" << "--llm provider";
}

void TestLlmConfig::overrideErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString message = QString::fromStdString(expectUserError([&] { parseLlmOverride(text.toStdString()); }));
    for (const QString& fragment : expected.split('|'))
        QVERIFY2(message.contains(fragment), qPrintable(message + "  (wanted: " + fragment + ")"));
}

void TestLlmConfig::layeredConfig()
{
    QTemporaryDir dir;
    const std::string user = dir.filePath("user.toml").toStdString();
    const std::string target = dir.filePath("phylo.toml").toStdString();
    test::writeFile(user, "provider = \"openai\"\nmodel = \"user-model\"\nbase_url = \"http://127.0.0.1:8080/v1\"\n"
                          "temperature = 0.1\nmax_tokens = 100\n[prices]\ntarget-model = { input = 1, output = 4 }\n");
    test::writeFile(target, "[target]\nname = \"x\"\n[llm]\nmodel = \"target-model\"\nmax_tokens = 200\n");
    LlmConfigSources sources;
    sources.userFile = user;
    sources.targetToml = target;
    sources.override = "max_tokens=300,budget_usd=0.5";
    const LlmConfig config = loadLlmConfig(sources);
    QCOMPARE(config.model, std::string("target-model")); // phylo.toml over the user's file
    QCOMPARE(config.baseUrl, std::string("http://127.0.0.1:8080/v1")); // kept from the user's file
    QCOMPARE(config.temperature, 0.1);
    QCOMPARE(config.maxTokens, 300); // --llm over both
    QCOMPARE(config.inputUsdPerMTok, 1.0); // the user's price list, by the final model
    QCOMPARE(config.budgetUsd.value_or(0), 0.5);
    QCOMPARE(config.keyEnv, std::string()); // a custom URL: no key unless asked

    // No user file at all (an empty path), a phylo.toml without [llm].
    test::writeFile(target, "[target]\nname = \"x\"\n");
    LlmConfigSources bare;
    bare.userFile = std::filesystem::path();
    bare.targetToml = target;
    bare.override = "model=m";
    QCOMPARE(loadLlmConfig(bare).model, std::string("m"));

    // $PHYLO_LLM_CONFIG names the user's file when none is given.
    ::setenv("PHYLO_LLM_CONFIG", user.c_str(), 1);
    const LlmConfig fromEnv = loadLlmConfig({});
    ::unsetenv("PHYLO_LLM_CONFIG");
    QCOMPARE(fromEnv.model, std::string("user-model"));

    // An error in phylo.toml's [llm] names that file.
    test::writeFile(target, "[llm]\nmodel = 5\n");
    const std::string message = expectUserError([&] { loadLlmConfig(bare); });
    QVERIFY2(message.find("phylo.toml:2") != std::string::npos && message.find("[llm] model") != std::string::npos, message.c_str());
    test::writeFile(target, "llm = \"gpt-4o\"\n");
    const std::string notTable = expectUserError([&] { loadLlmConfig(bare); });
    QVERIFY2(notTable.find("phylo.toml:1") != std::string::npos && notTable.find("a table [llm]") != std::string::npos, notTable.c_str());
}

void TestLlmConfig::explicitUserFileMustExist()
{
    ::setenv("PHYLO_LLM_CONFIG", "/nonexistent/phylo-llm.toml", 1);
    const std::string message = expectUserError([] { loadLlmConfig({}); });
    ::unsetenv("PHYLO_LLM_CONFIG");
    QVERIFY2(message.find("PHYLO_LLM_CONFIG") != std::string::npos, message.c_str());
}

void TestLlmConfig::describeNeverShowsTheKey()
{
    LlmConfig config;
    config.model = "gpt-test";
    config.baseUrl = "https://user:pass@example.com/v1";
    config.keyEnv = kKeyEnv;
    config.inputUsdPerMTok = 2.5;
    config.outputUsdPerMTok = 10;
    config.budgetUsd = 2;
    const std::string line = describe(config);
    QVERIFY2(line.find(kKey) == std::string::npos, line.c_str());
    QVERIFY2(line.find("pass") == std::string::npos, line.c_str());
    QVERIFY2(line.find("$" + std::string(kKeyEnv)) != std::string::npos, line.c_str());
    QVERIFY2(line.find("gpt-test") != std::string::npos && line.find("$2.00") != std::string::npos, line.c_str());
    QVERIFY(line.find('\n') == std::string::npos);
}

void TestLlmConfig::makeClientNeedsTheKeyVariable()
{
    LlmConfig config;
    config.model = "m";
    config.keyEnv = "PHYLO_TEST_UNSET_KEY_VARIABLE";
    ::unsetenv("PHYLO_TEST_UNSET_KEY_VARIABLE");
    std::string message = expectUserError([&] { makeClient(config); });
    QVERIFY2(message.find("PHYLO_TEST_UNSET_KEY_VARIABLE") != std::string::npos, message.c_str());
    ::setenv("PHYLO_TEST_UNSET_KEY_VARIABLE", "", 1);
    message = expectUserError([&] { makeClient(config); });
    QVERIFY2(message.find("PHYLO_TEST_UNSET_KEY_VARIABLE") != std::string::npos, message.c_str());
    ::unsetenv("PHYLO_TEST_UNSET_KEY_VARIABLE");
    config.model.clear();
    config.keyEnv.clear();
    message = expectUserError([&] { makeClient(config); });
    QVERIFY2(message.find("model") != std::string::npos, message.c_str());
}

void TestLlmConfig::retryPolicy()
{
    LlmConfig config;
    config.backoffBaseS = 1;
    config.backoffMaxS = 30;
    QCOMPARE(backoffDelay(config, 1, 1.0), 1.0);
    QCOMPARE(backoffDelay(config, 3, 1.0), 4.0);
    QCOMPARE(backoffDelay(config, 3, 0.0), 2.0); // jitter: between half and all of it
    QCOMPARE(backoffDelay(config, 10, 1.0), 30.0); // capped
    QCOMPARE(retryDelay(config, 1, 7.0), 7.0);
    QCOMPARE(retryDelay(config, 1, 600.0), 60.0); // Retry-After capped
    QVERIFY(isRetryableStatus(429) && isRetryableStatus(500) && isRetryableStatus(529));
    QVERIFY(!isRetryableStatus(400) && !isRetryableStatus(401) && !isRetryableStatus(403) && !isRetryableStatus(404));
    QCOMPARE(parseRetryAfter(" 3 ").value_or(-1), 3.0);
    QVERIFY(!parseRetryAfter("soon"));
    QCOMPARE(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT").value_or(-1), 0.0); // a date in the past
}

// ---------------------------------------------------------------- clients

QTEST_APPLESS_MAIN(TestLlmConfig)
#include "tst_llm_config.moc"
