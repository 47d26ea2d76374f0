// SPDX-License-Identifier: GPL-3.0-or-later
// The new-session wizard's LLM page: offline by default, presets that prefill the fields, inline problems,
// the API key indicator (from the environment, never the key itself) and the override string it yields.
#include "wizard/llm_page.h"
#include "wizard/new_session_request.h"
#include "wizard/llm_presets.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using namespace phylo;
using namespace phylo::ui;

namespace {

QString labelText(QWidget* parent, const char* name)
{
    auto* label = parent->findChild<QLabel*>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

} // namespace

class TestLlmPage : public QObject {
    Q_OBJECT

private slots:
    void llmPageStartsOffline();
    void llmPresetsPrefillTheFields();
    void llmPageRejectsBadFields();
    void keyIndicatorFollowsTheEnvironment();
    void llmOverrideString();
};

void TestLlmPage::llmPageStartsOffline()
{
    LlmPage page;
    QCOMPARE(page.presetId(), QStringLiteral("offline"));
    QVERIFY(page.isOffline());
    QVERIFY(page.provider().isEmpty());
    QVERIFY(page.isComplete());
    QVERIFY(page.problem().isEmpty());
}

void TestLlmPage::llmPresetsPrefillTheFields()
{
    LlmPage page;
    QSignalSpy changed(&page, &LlmPage::choiceChanged);
    page.setPreset(QStringLiteral("openai"));
    QVERIFY(!page.isOffline());
    QCOMPARE(page.provider(), QStringLiteral("openai"));
    QCOMPARE(page.baseUrl(), QStringLiteral("https://api.openai.com/v1"));
    QCOMPARE(page.keyEnv(), QStringLiteral("OPENAI_API_KEY"));
    QVERIFY(!changed.isEmpty());
    QVERIFY(!page.isComplete()); // no model yet
    QVERIFY(page.problem().contains(QStringLiteral("model")));
    page.setModel(QStringLiteral("gpt-4o"));
    QVERIFY2(page.isComplete(), qPrintable(page.problem()));

    page.setPreset(QStringLiteral("anthropic"));
    QCOMPARE(page.provider(), QStringLiteral("anthropic"));
    QCOMPARE(page.baseUrl(), QStringLiteral("https://api.anthropic.com"));
    QCOMPARE(page.keyEnv(), QStringLiteral("ANTHROPIC_API_KEY"));

    page.setPreset(QStringLiteral("ollama"));
    QCOMPARE(page.provider(), QStringLiteral("openai")); // OpenAI-compatible
    QCOMPARE(page.baseUrl(), QStringLiteral("http://localhost:11434/v1"));
    QVERIFY(page.keyEnv().isEmpty());
    QVERIFY(page.isComplete()); // no key needed
    QVERIFY(page.keyStatusText().startsWith(QStringLiteral("No key variable")));

    page.setPreset(QStringLiteral("offline"));
    QVERIFY(page.isOffline());
    QVERIFY(page.isComplete());

    QCOMPARE(llmPresets().size(), 4);
    QVERIFY(!findLlmPreset(QStringLiteral("nope")));
}

void TestLlmPage::llmPageRejectsBadFields()
{
    LlmPage page;
    page.setPreset(QStringLiteral("openai"));
    page.setModel(QStringLiteral("gpt-4o"));
    QVERIFY(page.isComplete());

    page.setBaseUrl(QStringLiteral("api.openai.com/v1")); // no scheme
    QVERIFY(!page.isComplete());
    QVERIFY(page.problem().contains(QStringLiteral("base URL")));
    page.setBaseUrl(QStringLiteral("ftp://example.org"));
    QVERIFY(!page.isComplete());
    page.setBaseUrl(QStringLiteral("https://example.org/v1,x"));
    QVERIFY(!page.isComplete());
    page.setBaseUrl(QStringLiteral("https://example.org/v1"));
    QVERIFY(page.isComplete());

    page.setModel(QStringLiteral("a,b"));
    QVERIFY(!page.isComplete());
    QVERIFY(page.problem().contains(QStringLiteral("comma")));
    page.setModel(QStringLiteral("a"));

    page.setKeyEnv(QStringLiteral("sk-proj-abc123")); // a pasted key is not a variable name
    QVERIFY(!page.isComplete());
    QVERIFY(page.keyStatusText().startsWith(QStringLiteral("Not a variable name")));
    QVERIFY(!page.keyStatusText().contains(QStringLiteral("abc123")));
    page.setKeyEnv(QStringLiteral("1ABC"));
    QVERIFY(!page.isComplete());
    page.setKeyEnv(QStringLiteral("_MY_KEY2"));
    QVERIFY(page.isComplete()); // unset: a warning, not a blocker
}

void TestLlmPage::keyIndicatorFollowsTheEnvironment()
{
    const char* const variable = "PHYLO_TST_WIZARD_KEY";
    qunsetenv(variable);
    LlmPage page;
    page.setPreset(QStringLiteral("openai"));
    page.setModel(QStringLiteral("m"));
    page.setKeyEnv(QString::fromLatin1(variable));
    QVERIFY(!page.isKeySet());
    QString status = labelText(&page, "llmKeyStatus");
    QVERIFY2(status.contains(QStringLiteral("PHYLO_TST_WIZARD_KEY is not set")), qPrintable(status));

    qputenv(variable, "s3cret-value");
    page.refreshKeyStatus();
    QVERIFY(page.isKeySet());
    status = labelText(&page, "llmKeyStatus");
    QVERIFY2(status.contains(QStringLiteral("PHYLO_TST_WIZARD_KEY is set")), qPrintable(status));
    QVERIFY(!status.contains(QStringLiteral("s3cret")));

    // Live: the page notices a change in the environment without any edit (it polls every second).
    qunsetenv(variable);
    QTRY_VERIFY_WITH_TIMEOUT(labelText(&page, "llmKeyStatus").contains(QStringLiteral("is not set")), 3000);

    // An empty value counts as not set.
    qputenv(variable, "");
    page.refreshKeyStatus();
    QVERIFY(!page.isKeySet());
    qunsetenv(variable);
}

void TestLlmPage::llmOverrideString()
{
    NewSessionRequest request;
    QVERIFY(request.offline);
    QCOMPARE(request.llmOverride(), QString());

    request.offline = false;
    request.provider = QStringLiteral("openai");
    request.model = QStringLiteral("gpt-4o");
    request.baseUrl = QStringLiteral("https://api.openai.com/v1");
    request.keyEnv = QStringLiteral("OPENAI_API_KEY");
    QCOMPARE(request.llmOverride(),
        QStringLiteral("provider=openai,model=gpt-4o,base_url=https://api.openai.com/v1,key_env=OPENAI_API_KEY"));

    request.budgetUsd = 2.5;
    request.budgetTokens = 123456789012LL;
    QCOMPARE(request.llmOverride(),
        QStringLiteral("provider=openai,model=gpt-4o,base_url=https://api.openai.com/v1,key_env=OPENAI_API_KEY,"
                       "budget_usd=2.5,budget_tokens=123456789012"));

    // Ollama: no key variable, so no key_env.
    request.baseUrl = QStringLiteral("http://localhost:11434/v1");
    request.keyEnv.clear();
    request.budgetTokens.reset();
    request.budgetUsd = 10;
    QCOMPARE(request.llmOverride(),
        QStringLiteral("provider=openai,model=gpt-4o,base_url=http://localhost:11434/v1,budget_usd=10"));

    QCOMPARE(formatLlmNumber(0.1), QStringLiteral("0.1"));
    QCOMPARE(formatLlmNumber(1234.56), QStringLiteral("1234.56"));
}

QTEST_MAIN(TestLlmPage)
#include "tst_llm_page.moc"
