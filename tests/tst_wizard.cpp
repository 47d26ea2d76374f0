// SPDX-License-Identifier: GPL-3.0-or-later
// The new-session wizard (target check with inline errors, bundled examples, LLM choice, limits, the request it
// yields) and the choices it remembers (its LLM page: tst_llm_page.cpp). Settings go to a temporary INI directory (the settings' own rules
// and the recent sessions list: tst_app_settings.cpp).
#include "testsupport.h"
#include "wizard/app_settings.h"
#include "wizard/bundled_examples.h"
#include "wizard/limits_page.h"
#include "wizard/llm_page.h"
#include "wizard/llm_presets.h"
#include "wizard/new_session_wizard.h"
#include "wizard/session_path.h"
#include "wizard/target_check.h"
#include "wizard/target_page.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace phylo;
using namespace phylo::ui;

namespace {

/** A phylo.toml that parses except for [run] timeout_s (line 6). */
const char* const kBrokenToml = "[target]\nname = \"demo\"\nfiles = [\"kernel.cpp\"]\n"
                                "[run]\ncommand = \"{bin}\"\ntimeout_s = \"abc\"\n"
                                "[metric]\nname = \"time_ms\"\n";

bool writeText(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

QString labelText(QWidget* parent, const char* name)
{
    auto* label = parent->findChild<QLabel*>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

} // namespace

class TestWizard : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_examples; ///< the source tree's examples/
    QString m_synthetic; ///< a valid target
    QString m_broken; ///< [run] timeout_s = "abc"

    /** Each test function its own INI file (QSettings caches files by name within the process). */
    QString settingsFile() const
    {
        return m_tmp.filePath(QStringLiteral("settings/") + QString::fromLatin1(QTest::currentTestFunction())
            + QStringLiteral(".ini"));
    }
    QString newFile(const QString& name)
    {
        const QString path = m_tmp.filePath(QStringLiteral("files/") + name);
        return writeText(path, "x") ? path : QString();
    }

private slots:
    void initTestCase();
    void cleanup();

    // target check
    void locateTargetError_data();
    void locateTargetError();
    void brokenTomlIsRejectedNamingTheKey();
    void validTargetIsSummarized();
    void fixingTheTomlMakesThePageComplete();
    void nextChecksTheTomlAgain();
    void missingDirectoryIsAnError();
    void bundledExamplesAreListed();
    void choosingAnExampleChecksIt();
    void examplesDirComesFromTheEnvironment();

    // limits page and the whole wizard
    void limitsPageProblems();
    void defaultSessionPath();
    void requestFromFilledPages();
    void offlineRequestHasNoBudget();
    void acceptedChoicesAreRemembered();
};

void TestWizard::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    // Never the user's settings or data: a test organization, INI files under the temporary dir, and
    // QStandardPaths' test locations (the default sessions dir).
    QCoreApplication::setOrganizationName(QStringLiteral("PhyloEvolveTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_wizard"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    qunsetenv("PHYLO_EXAMPLES_DIR");

    m_examples = QDir::cleanPath(QStringLiteral(PHYLO_SOURCE_DIR "/examples"));
    QVERIFY(QFileInfo(m_examples + QStringLiteral("/matmul-cpu/phylo.toml")).isFile());

    m_synthetic = m_tmp.filePath(QStringLiteral("synthetic"));
    test::makeSyntheticTarget(m_synthetic.toStdString());
    m_broken = m_tmp.filePath(QStringLiteral("broken"));
    QVERIFY(writeText(m_broken + QStringLiteral("/kernel.cpp"), "// kernel\n"));
    QVERIFY(writeText(m_broken + QStringLiteral("/phylo.toml"), kBrokenToml));
}

void TestWizard::cleanup()
{
    qunsetenv("PHYLO_EXAMPLES_DIR");
}

void TestWizard::locateTargetError_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("line");

    const QString toml = QStringLiteral("/tmp/x y/phylo.toml");
    QTest::newRow("key with line") << toml + QStringLiteral(":6: [run] timeout_s: expected a number, got \"abc\"")
                                   << QStringLiteral("[run] timeout_s") << 6;
    QTest::newRow("idea key") << toml + QStringLiteral(":10: [[idea]] #1 values: expected an array of strings")
                              << QStringLiteral("[[idea]] #1 values") << 10;
    QTest::newRow("unknown key in a table") << toml + QStringLiteral(":4: [target]: unknown key 'colour' (expected one of: name)")
                                            << QStringLiteral("[target] colour") << 4;
    QTest::newRow("missing key, no line") << toml + QStringLiteral(": [run]: missing required key 'command'")
                                          << QStringLiteral("[run] command") << 0;
    QTest::newRow("missing key in an idea") << toml + QStringLiteral(": [[idea]] #3: missing required key 'name'")
                                            << QStringLiteral("[[idea]] #3 name") << 0;
    QTest::newRow("top-level key") << toml + QStringLiteral(":1: top level: unknown key 'bogus' (expected one of: target)")
                                   << QStringLiteral("bogus") << 1;
    QTest::newRow("missing table") << toml + QStringLiteral(": missing required table [metric]")
                                   << QStringLiteral("[metric]") << 0;
    QTest::newRow("table of the wrong type") << toml + QStringLiteral(": [run]: expected a table, got the string \"./a\"")
                                             << QStringLiteral("[run]") << 0;
    QTest::newRow("idea array") << toml + QStringLiteral(": idea: expected [[idea]] tables, got the integer 5")
                                << QStringLiteral("idea") << 0;
    QTest::newRow("syntax error: line only") << toml + QStringLiteral(":3:5: not valid TOML: unexpected end")
                                             << QString() << 3;
    QTest::newRow("no phylo.toml in the message") << QStringLiteral("/tmp/t: target directory does not exist")
                                                  << QString() << 0;
}

void TestWizard::locateTargetError()
{
    QFETCH(QString, message);
    QFETCH(QString, key);
    QFETCH(int, line);
    const TargetErrorLocation location = ui::locateTargetError(message);
    QCOMPARE(location.key, key);
    QCOMPARE(location.line, line);
}

void TestWizard::brokenTomlIsRejectedNamingTheKey()
{
    NewSessionWizard wizard(nullptr, m_examples);
    wizard.show();
    TargetPage* page = wizard.targetPage();
    QVERIFY(!page->isComplete()); // nothing chosen yet
    page->setTargetDirectory(m_synthetic);
    QVERIFY(page->isComplete());
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    page->setTargetDirectory(m_broken);

    QVERIFY(!page->isComplete());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(!page->check().valid);
    QCOMPARE(page->check().location.key, QStringLiteral("[run] timeout_s"));
    QCOMPARE(page->check().location.line, 6);

    const QString error = labelText(page, "targetError");
    QVERIFY2(error.contains(QStringLiteral("<b>[run] timeout_s</b>")), qPrintable(error)); // the key, in bold
    QVERIFY2(error.contains(QStringLiteral("phylo.toml:6:")), qPrintable(error)); // and the full message
    QVERIFY2(error.contains(QStringLiteral("&quot;abc&quot;")), qPrintable(error)); // escaped, not lost
    QVERIFY(labelText(page, "targetSummary").isEmpty());

    // Next does nothing while the target is invalid.
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewSessionWizard::TargetPageId));
}

void TestWizard::validTargetIsSummarized()
{
    NewSessionWizard wizard(nullptr, m_examples);
    wizard.show();
    TargetPage* page = wizard.targetPage();
    page->setTargetDirectory(m_synthetic);

    QVERIFY2(page->isComplete(), qPrintable(page->check().error));
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    QCOMPARE(page->targetDirectory(), m_synthetic);
    QCOMPARE(wizard.field(QStringLiteral("targetName")).toString(), QStringLiteral("synthetic"));
    QCOMPARE(wizard.field(QStringLiteral("targetDir")).toString(), m_synthetic);
    QCOMPARE(labelText(page, "targetSummary"),
        QStringLiteral("synthetic: 1 editable file (kernel.txt), 5 ideas, metric time_ms (minimize), CPU"));
    QVERIFY(labelText(page, "targetError").isEmpty());

    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewSessionWizard::LlmPageId));
}

void TestWizard::fixingTheTomlMakesThePageComplete()
{
    const QString dir = m_tmp.filePath(QStringLiteral("fixed"));
    QVERIFY(writeText(dir + QStringLiteral("/kernel.cpp"), "// kernel\n"));
    QVERIFY(writeText(dir + QStringLiteral("/phylo.toml"), kBrokenToml));
    TargetPage page(m_examples);
    QSignalSpy complete(&page, &QWizardPage::completeChanged);
    page.setTargetDirectory(dir);
    QVERIFY(!page.isComplete());

    QByteArray fixed(kBrokenToml);
    fixed.replace("\"abc\"", "30");
    fixed += "[metric2]\n"; // an unknown table, named on its own
    QVERIFY(writeText(dir + QStringLiteral("/phylo.toml"), fixed));
    page.recheck();
    QVERIFY(!page.isComplete());
    QVERIFY2(labelText(&page, "targetError").contains(QStringLiteral("<b>metric2</b>")), qPrintable(labelText(&page, "targetError")));

    fixed.replace("[metric2]\n", "");
    QVERIFY(writeText(dir + QStringLiteral("/phylo.toml"), fixed));
    page.recheck();
    QVERIFY(page.isComplete());
    QVERIFY(labelText(&page, "targetSummary").startsWith(QStringLiteral("demo: 1 editable file (kernel.cpp), 0 ideas")));
    QVERIFY(complete.count() >= 3);
}

void TestWizard::nextChecksTheTomlAgain()
{
    const QString dir = m_tmp.filePath(QStringLiteral("edited"));
    test::makeSyntheticTarget(dir.toStdString());
    NewSessionWizard wizard(nullptr, m_examples);
    wizard.show();
    wizard.targetPage()->setTargetDirectory(dir);
    QVERIFY(wizard.targetPage()->isComplete());
    // Broken in an editor after it was chosen: Next parses it again and stays.
    QVERIFY(writeText(dir + QStringLiteral("/phylo.toml"),
        QByteArray::fromStdString(test::syntheticToml()).replace("repeat = 1", "repeat = 0")));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewSessionWizard::TargetPageId));
    QVERIFY(!wizard.targetPage()->isComplete());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY2(labelText(wizard.targetPage(), "targetError").contains(QStringLiteral("<b>[run] repeat</b>")),
        qPrintable(labelText(wizard.targetPage(), "targetError")));
}

void TestWizard::missingDirectoryIsAnError()
{
    TargetPage page(m_examples);
    QVERIFY(!page.isComplete()); // nothing chosen
    QVERIFY(labelText(&page, "targetError").isEmpty()); // a hint, not an error
    page.setTargetDirectory(m_tmp.filePath(QStringLiteral("no such dir")));
    QVERIFY(!page.isComplete());
    const QString error = labelText(&page, "targetError");
    QVERIFY2(error.startsWith(QStringLiteral("<b>target directory</b>")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));

    // A directory without a phylo.toml
    const QString empty = m_tmp.filePath(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(empty));
    page.setTargetDirectory(empty);
    QVERIFY(!page.isComplete());
    QVERIFY2(labelText(&page, "targetError").contains(QStringLiteral("phylo.toml: missing")), qPrintable(labelText(&page, "targetError")));
}

void TestWizard::bundledExamplesAreListed()
{
    // The test binary is not installed: the source tree's examples are found.
    QCOMPARE(bundledExamplesDir(), m_examples);
    const QList<BundledExample> examples = bundledExamples(m_examples);
    QVERIFY(examples.size() >= 4);
    const BundledExample* matmul = nullptr;
    for (const BundledExample& example : examples) {
        QVERIFY2(example.valid, qPrintable(example.name + QStringLiteral(": ") + example.description));
        if (example.name == QStringLiteral("matmul-cpu"))
            matmul = &example;
    }
    QVERIFY(matmul);
    QVERIFY(matmul->description.startsWith(QStringLiteral("Single-threaded C = A * B")));
    QCOMPARE(matmul->dir, m_examples + QStringLiteral("/matmul-cpu"));

    TargetPage page(m_examples);
    auto* list = page.findChild<QListWidget*>(QStringLiteral("examples"));
    QVERIFY(list);
    QCOMPARE(list->count(), int(examples.size()));
    bool listed = false;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->text().startsWith(QStringLiteral("matmul-cpu\nSingle-threaded C = A * B")))
            listed = true;
    }
    QVERIFY(listed);

    // A directory without a phylo.toml is not an example; a broken one is listed, disabled, with its error.
    const QString dir = m_tmp.filePath(QStringLiteral("examples-mixed"));
    QVERIFY(QDir().mkpath(dir + QStringLiteral("/not-an-example")));
    QVERIFY(writeText(dir + QStringLiteral("/broken/kernel.cpp"), "//\n"));
    QVERIFY(writeText(dir + QStringLiteral("/broken/phylo.toml"), kBrokenToml));
    const QList<BundledExample> mixed = bundledExamples(dir);
    QCOMPARE(mixed.size(), 1);
    QCOMPARE(mixed[0].name, QStringLiteral("broken"));
    QVERIFY(!mixed[0].valid);
    QVERIFY(mixed[0].description.contains(QStringLiteral("timeout_s")));
    TargetPage mixedPage(dir);
    auto* mixedList = mixedPage.findChild<QListWidget*>(QStringLiteral("examples"));
    QCOMPARE(mixedList->count(), 1);
    QVERIFY(!(mixedList->item(0)->flags() & Qt::ItemIsEnabled));
}

void TestWizard::choosingAnExampleChecksIt()
{
    TargetPage page(m_examples);
    auto* list = page.findChild<QListWidget*>(QStringLiteral("examples"));
    QVERIFY(list);
    bool sawGpu = false;
    for (int i = 0; i < list->count(); ++i) {
        list->setCurrentRow(i);
        QVERIFY2(page.isComplete(), qPrintable(page.check().error));
        QCOMPARE(page.targetDirectory(), list->item(i)->data(Qt::UserRole).toString());
        const QString summary = labelText(&page, "targetSummary");
        QVERIFY(summary.startsWith(page.targetName() + QStringLiteral(": ")));
        sawGpu = sawGpu || summary.endsWith(QStringLiteral(", GPU (CUDA harness)"));
        if (page.targetName() == QStringLiteral("matmul-cpu"))
            QCOMPARE(summary,
                QStringLiteral("matmul-cpu: 1 editable file (matmul.cpp), 5 ideas, metric time_ms (minimize), CPU"));
    }
    QVERIFY(sawGpu); // llg, graphwave, ltsa
}

void TestWizard::examplesDirComesFromTheEnvironment()
{
    const QString dir = m_tmp.filePath(QStringLiteral("my-examples"));
    QVERIFY(QDir().mkpath(dir));
    qputenv("PHYLO_EXAMPLES_DIR", dir.toLocal8Bit());
    QCOMPARE(bundledExamplesDir(), dir);
    QVERIFY(bundledExamples().isEmpty());
    qunsetenv("PHYLO_EXAMPLES_DIR");
    QCOMPARE(bundledExamplesDir(), m_examples);
}

void TestWizard::limitsPageProblems()
{
    LimitsPage page;
    QVERIFY(page.budgetUsd() == std::nullopt); // offline by default
    page.setSessionPath(QString());
    QVERIFY(!page.isComplete());
    QVERIFY(page.problem().contains(QStringLiteral("session file")));

    const QString existing = newFile(QStringLiteral("existing.db"));
    page.setSessionPath(existing);
    QVERIFY(!page.isComplete());
    QVERIFY(page.problem().contains(QStringLiteral("exists already")));

    const QString nested = m_tmp.filePath(QStringLiteral("deep/er/new.db"));
    page.setSessionPath(nested);
    QVERIFY2(page.isComplete(), qPrintable(page.problem()));
    QVERIFY(!QFileInfo::exists(m_tmp.filePath(QStringLiteral("deep/er"))));
    QVERIFY(page.validatePage()); // creates the directory
    QVERIFY(QFileInfo(m_tmp.filePath(QStringLiteral("deep/er"))).isDir());
    QVERIFY(!QFileInfo::exists(nested)); // but not the file

    // A directory that cannot be created
    const QString blocker = newFile(QStringLiteral("a-file"));
    page.setSessionPath(blocker + QStringLiteral("/sub/new.db"));
    QVERIFY(!page.validatePage());
    QVERIFY(labelText(&page, "limitsProblem").contains(QStringLiteral("Cannot create")));

    // Seeds: the whole quint64 range, nothing beyond.
    page.setSessionPath(nested);
    auto* seed = page.findChild<QLineEdit*>(QStringLiteral("seed"));
    QVERIFY(seed);
    seed->setText(QStringLiteral("18446744073709551615"));
    QCOMPARE(page.seed(), Q_UINT64_C(18446744073709551615));
    QVERIFY(page.isComplete());
    seed->setText(QStringLiteral("18446744073709551616"));
    QVERIFY(!page.isComplete());
    seed->setText(QString());
    QVERIFY(!page.isComplete());
    page.setSeed(7);
    QVERIFY(page.isComplete());

    // Budgets only count with a model.
    page.setOffline(false);
    page.setBudgetUsd(3.25);
    page.setBudgetTokens(5000);
    QCOMPARE(page.budgetUsd(), std::optional<double>(3.25));
    QCOMPARE(page.budgetTokens(), std::optional<qint64>(5000));
    page.findChild<QLineEdit*>(QStringLiteral("budgetTokens"))->clear();
    QVERIFY(!page.isComplete());
    page.setBudgetTokens(std::nullopt);
    QVERIFY(page.isComplete());
    QVERIFY(page.budgetTokens() == std::nullopt);
    page.setOffline(true);
    QVERIFY(page.budgetUsd() == std::nullopt);
}

void TestWizard::defaultSessionPath()
{
    const QDateTime when(QDate(2024, 1, 2), QTime(3, 4, 5));
    QCOMPARE(ui::defaultSessionPath(QStringLiteral("matmul-cpu"), when, QStringLiteral("/s")),
        QStringLiteral("/s/matmul-cpu-20240102-030405.db"));
    QCOMPARE(ui::defaultSessionPath(QStringLiteral("my target/../x"), when, QStringLiteral("/s")),
        QStringLiteral("/s/my_target_.._x-20240102-030405.db"));
    QCOMPARE(ui::defaultSessionPath(QString(), when, QStringLiteral("/s")), QStringLiteral("/s/session-20240102-030405.db"));
    // Test mode: never the user's data directory.
    QVERIFY(defaultSessionsDir().contains(QStringLiteral("qttest")) || defaultSessionsDir().contains(QStringLiteral(".qttest")));
    QVERIFY(defaultSessionsDir().endsWith(QStringLiteral("/sessions")));
}

void TestWizard::requestFromFilledPages()
{
    NewSessionWizard wizard(nullptr, m_examples);
    wizard.show();
    wizard.targetPage()->setTargetDirectory(m_synthetic);
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewSessionWizard::LlmPageId));

    LlmPage* llm = wizard.llmPage();
    llm->setPreset(QStringLiteral("anthropic"));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // no model yet
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewSessionWizard::LlmPageId));
    llm->setModel(QStringLiteral("claude-x"));
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewSessionWizard::LimitsPageId));

    LimitsPage* limits = wizard.limitsPage();
    // The proposed session file: named after the target, outside it, not there yet.
    const QString proposed = limits->sessionPath();
    QVERIFY2(proposed.startsWith(defaultSessionsDir() + QStringLiteral("/synthetic-")), qPrintable(proposed));
    QVERIFY(proposed.endsWith(QStringLiteral(".db")));
    QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());

    limits->setMaxEvals(77);
    limits->setJobs(3);
    limits->setSeed(Q_UINT64_C(12345678901234567890));
    limits->setBudgetUsd(2.5);
    limits->setBudgetTokens(50000);
    const QString db = m_tmp.filePath(QStringLiteral("sessions/run one.db"));
    limits->setSessionPath(db);

    const NewSessionRequest request = wizard.request();
    QCOMPARE(request.targetDir, m_synthetic);
    QCOMPARE(request.sessionPath, db);
    QCOMPARE(request.maxEvals, 77);
    QCOMPARE(request.jobs, 3);
    QCOMPARE(request.seed, Q_UINT64_C(12345678901234567890));
    QVERIFY(!request.offline);
    QCOMPARE(request.provider, QStringLiteral("anthropic"));
    QCOMPARE(request.model, QStringLiteral("claude-x"));
    QCOMPARE(request.baseUrl, QStringLiteral("https://api.anthropic.com"));
    QCOMPARE(request.keyEnv, QStringLiteral("ANTHROPIC_API_KEY"));
    QCOMPARE(request.budgetUsd, std::optional<double>(2.5));
    QCOMPARE(request.budgetTokens, std::optional<qint64>(50000));
    QCOMPARE(request.llmOverride(),
        QStringLiteral("provider=anthropic,model=claude-x,base_url=https://api.anthropic.com,"
                       "key_env=ANTHROPIC_API_KEY,budget_usd=2.5,budget_tokens=50000"));
    QCOMPARE(request.runArguments(),
        QStringList({ QStringLiteral("run"), m_synthetic, QStringLiteral("--db"), db, QStringLiteral("--max-evals"),
            QStringLiteral("77"), QStringLiteral("--jobs"), QStringLiteral("3"), QStringLiteral("--seed"),
            QStringLiteral("12345678901234567890"), QStringLiteral("--llm"), request.llmOverride() }));

    // Going back and choosing another target keeps the typed session path.
    wizard.back();
    wizard.back();
    wizard.targetPage()->setTargetDirectory(m_examples + QStringLiteral("/matmul-cpu"));
    wizard.next();
    wizard.next();
    QCOMPARE(wizard.request().sessionPath, db);
    QCOMPARE(wizard.request().targetDir, m_examples + QStringLiteral("/matmul-cpu"));
}

void TestWizard::offlineRequestHasNoBudget()
{
    NewSessionWizard wizard(nullptr, m_examples);
    wizard.show();
    wizard.targetPage()->setTargetDirectory(m_synthetic);
    wizard.llmPage()->setPreset(QStringLiteral("openai"));
    wizard.llmPage()->setModel(QStringLiteral("gpt-4o"));
    wizard.llmPage()->setPreset(QStringLiteral("offline"));
    wizard.next();
    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewSessionWizard::LimitsPageId));
    wizard.limitsPage()->setBudgetUsd(9); // disabled offline
    const NewSessionRequest request = wizard.request();
    QVERIFY(request.offline);
    QVERIFY(request.provider.isEmpty());
    QVERIFY(request.model.isEmpty());
    QVERIFY(request.budgetUsd == std::nullopt);
    QVERIFY(request.llmOverride().isEmpty());
    QCOMPARE(request.runArguments().last(), QStringLiteral("--offline"));
    QVERIFY(request.sessionPath.contains(QStringLiteral("/synthetic-")));
}

void TestWizard::acceptedChoicesAreRemembered()
{
    AppSettings settings(settingsFile());
    QCOMPARE(settings.lastLlmPreset(), QStringLiteral("offline"));
    QCOMPARE(settings.defaultMaxEvals(), 30);
    QVERIFY(settings.defaultJobs() >= 1);
    QVERIFY(settings.lastTargetDir().isEmpty());

    qputenv("PHYLO_TST_REMEMBER_KEY", "the-secret-key");
    {
        NewSessionWizard wizard(&settings, m_examples);
        wizard.show();
        wizard.targetPage()->setTargetDirectory(m_synthetic);
        wizard.next();
        wizard.llmPage()->setPreset(QStringLiteral("ollama"));
        wizard.llmPage()->setModel(QStringLiteral("qwen"));
        wizard.llmPage()->setBaseUrl(QStringLiteral("http://gpu-box:11434/v1"));
        wizard.llmPage()->setKeyEnv(QStringLiteral("PHYLO_TST_REMEMBER_KEY"));
        wizard.next();
        wizard.limitsPage()->setMaxEvals(64);
        wizard.limitsPage()->setJobs(5);
        wizard.limitsPage()->setSessionPath(m_tmp.filePath(QStringLiteral("remembered/s.db")));
        QSignalSpy accepted(&wizard, &QDialog::accepted);
        wizard.button(QWizard::FinishButton)->click();
        QCOMPARE(accepted.count(), 1);
        QVERIFY(QFileInfo(m_tmp.filePath(QStringLiteral("remembered"))).isDir()); // validatePage ran
    }
    qunsetenv("PHYLO_TST_REMEMBER_KEY");

    QCOMPARE(settings.lastTargetDir(), m_synthetic);
    QCOMPARE(settings.lastLlmPreset(), QStringLiteral("ollama"));
    QCOMPARE(settings.lastModel(), QStringLiteral("qwen"));
    QCOMPARE(settings.lastBaseUrl(), QStringLiteral("http://gpu-box:11434/v1"));
    QCOMPARE(settings.lastKeyEnv(), QStringLiteral("PHYLO_TST_REMEMBER_KEY"));
    QCOMPARE(settings.defaultMaxEvals(), 64);
    QCOMPARE(settings.defaultJobs(), 5);
    QFile file(settingsFile());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("the-secret-key"));

    // A new wizard starts from them, with the target already checked.
    NewSessionWizard again(&settings, m_examples);
    QVERIFY(again.targetPage()->isComplete());
    QCOMPARE(again.targetPage()->targetDirectory(), m_synthetic);
    QCOMPARE(again.llmPage()->presetId(), QStringLiteral("ollama"));
    QCOMPARE(again.llmPage()->model(), QStringLiteral("qwen"));
    QCOMPARE(again.llmPage()->baseUrl(), QStringLiteral("http://gpu-box:11434/v1"));
    QCOMPARE(again.llmPage()->keyEnv(), QStringLiteral("PHYLO_TST_REMEMBER_KEY"));
    QCOMPARE(again.limitsPage()->maxEvals(), 64);
    QCOMPARE(again.limitsPage()->jobs(), 5);

    // A remembered target that went away is not restored (no error on opening).
    settings.setLastTargetDir(m_tmp.filePath(QStringLiteral("gone")));
    NewSessionWizard third(&settings, m_examples);
    QVERIFY(third.targetPage()->targetDirectory().isEmpty());
    QVERIFY(labelText(third.targetPage(), "targetError").isEmpty());
    QVERIFY(!third.targetPage()->isComplete());
}

QTEST_MAIN(TestWizard)
#include "tst_wizard.moc"
