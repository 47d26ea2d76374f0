// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/genes.h"
#include "domain/idea.h"
#include "eval/command_template.h"
#include "eval/scratch_dir.h"
#include "target/target_config.h"
#include "target_test_support.h"
#include "util/user_error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

using namespace phylo::test;
const char* const kFullToml = R"(# every key of docs/target-format.md
[target]
name = "matmul"
description = "Blocked matrix multiply"
files = ["matmul.cpp", "include/tile.h"]
exclude = ["build", "data/big.bin"]

[build]
command = "g++ -O2 {defines} -o {bin} matmul.cpp"
timeout_s = 120

[check]
command = "{bin} --check"
timeout_s = 30.5

[run]
command = "{bin} --size 1024"
timeout_s = 10
repeat = 7
memory_mb = 2048

[metric]
name = "time_ms"
direction = "maximize"

[[idea]]
name = "tile"
description = "Tile size of the blocked loop"
values = ["16", "32", 64]

[[idea]]
name = "unroll"
description = "Unroll the inner loop by 4"

[[idea]]
name = "Use_SIMD"

[search]
population = 12
elite = 3
tournament = 4
crossover_rate = 0.75
mutation_rate = 0.2
)";

} // namespace

class TestTargetParser : public QObject {
    Q_OBJECT

private slots:
    void fullTarget();
    void minimalTargetDefaults();
    void checkTimeoutDefaultsToRunTimeout();
    void parseTargetNamesItsSource();
    void ideaValues_data();
    void ideaValues();
    void validEdgeCases_data();
    void validEdgeCases();
    void excludeIsNormalized();
};

/// "build/", "./build" and "build" are one exclude entry, and a ScratchDir skips it.
void TestTargetParser::excludeIsNormalized()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.path(), "kernel.cpp", "x"));
    QVERIFY(writeFile(dir.path(), "build/out.o", "o"));
    QVERIFY(writeFile(dir.path(), "data/keep.txt", "k"));
    QVERIFY(writeFile(dir.path(), "phylo.toml",
        "[target]\nname = \"demo\"\nfiles = [\"./kernel.cpp\"]\nexclude = [\"build/\", \"./data/keep.txt\"]\n"
        "[run]\ncommand = \"x\"\n[metric]\nname = \"t\"\n"));
    const auto config = loadTarget(toPath(dir.path()));
    QCOMPARE(config.files, (std::vector<std::string> { "kernel.cpp" }));
    QCOMPARE(config.exclude, (std::vector<std::string> { "build", "data/keep.txt" }));
    QTemporaryDir scratchRoot;
    std::vector<fs::path> skip(config.exclude.begin(), config.exclude.end());
    ScratchDir scratch(toPath(scratchRoot.path()), "t", config.dir, skip, {});
    QVERIFY(fs::exists(scratch.path() / "kernel.cpp"));
    QVERIFY(!fs::exists(scratch.path() / "build"));
    QVERIFY(!fs::exists(scratch.path() / "data/keep.txt"));
    QVERIFY(fs::exists(scratch.path() / "data"));
}

void TestTargetParser::fullTarget()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.path(), "matmul.cpp", "int main() {}\n"));
    QVERIFY(writeFile(dir.path(), "include/tile.h", "#pragma once\n"));
    QVERIFY(writeFile(dir.path(), "phylo.toml", kFullToml));

    const TargetConfig config = loadTarget(toPath(dir.path()));
    QCOMPARE(config.dir, fs::absolute(toPath(dir.path())).lexically_normal());
    QCOMPARE(config.name, std::string("matmul"));
    QCOMPARE(config.description, std::string("Blocked matrix multiply"));
    QCOMPARE(config.files, (std::vector<std::string> { "matmul.cpp", "include/tile.h" }));
    QCOMPARE(config.exclude, (std::vector<std::string> { "build", "data/big.bin" }));

    QVERIFY(config.build.has_value());
    QCOMPARE(config.build->command, std::string("g++ -O2 {defines} -o {bin} matmul.cpp"));
    QCOMPARE(config.build->timeoutS, 120.0);
    QVERIFY(config.check.has_value());
    QCOMPARE(config.check->command, std::string("{bin} --check"));
    QCOMPARE(config.check->timeoutS, 30.5);
    QCOMPARE(config.run.command, std::string("{bin} --size 1024"));
    QCOMPARE(config.run.timeoutS, 10.0);
    QCOMPARE(config.repeat, 7);
    QCOMPARE(config.memoryLimitMb, std::uint64_t(2048));
    QCOMPARE(config.metricName, std::string("time_ms"));
    QVERIFY(config.direction == MetricDirection::Maximize);

    QCOMPARE(config.ideas.size(), size_t(3));
    QCOMPARE(config.ideas[0].name, std::string("tile"));
    QCOMPARE(config.ideas[0].description, std::string("Tile size of the blocked loop"));
    QCOMPARE(config.ideas[0].values, (std::vector<std::string> { "16", "32", "64" }));
    QVERIFY(!config.ideas[0].isSwitch());
    QCOMPARE(config.ideas[0].onStates(), 3);
    QCOMPARE(config.ideas[1].name, std::string("unroll"));
    QCOMPARE(config.ideas[1].description, std::string("Unroll the inner loop by 4"));
    QVERIFY(config.ideas[1].isSwitch());
    QCOMPARE(config.ideas[1].onStates(), 1);
    QCOMPARE(config.ideas[1].valueText(0), std::string("1"));
    QCOMPARE(config.ideas[2].name, std::string("Use_SIMD"));
    QCOMPARE(config.ideas[2].description, std::string());
    QCOMPARE(config.ideas[2].macroName(), std::string("USE_SIMD"));

    QCOMPARE(config.search.population, 12);
    QCOMPARE(config.search.elite, 3);
    QCOMPARE(config.search.tournament, 4);
    QCOMPARE(config.search.crossoverRate, 0.75);
    QCOMPARE(config.search.mutationRate, 0.2);
    QCOMPARE(config.tomlText, std::string(kFullToml));
}

void TestTargetParser::minimalTargetDefaults()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.path(), "kernel.cpp", "// kernel\n"));
    QVERIFY(writeFile(dir.path(), "phylo.toml", kMinimal.toUtf8()));

    const TargetConfig config = loadTarget(toPath(dir.path()));
    QCOMPARE(config.name, std::string("demo"));
    QCOMPARE(config.description, std::string());
    QCOMPARE(config.files, std::vector<std::string> { "kernel.cpp" });
    QVERIFY(config.exclude.empty());
    QVERIFY(!config.build.has_value());
    QVERIFY(!config.check.has_value());
    QCOMPARE(config.run.command, std::string("{bin}"));
    QCOMPARE(config.run.timeoutS, 60.0);
    QCOMPARE(config.repeat, 5);
    QCOMPARE(config.memoryLimitMb, std::uint64_t(0));
    QCOMPARE(config.metricName, std::string("time_ms"));
    QVERIFY(config.direction == MetricDirection::Minimize);
    QVERIFY(config.ideas.empty());
    QCOMPARE(config.search.population, 8);
    QCOMPARE(config.search.elite, 2);
    QCOMPARE(config.search.tournament, 3);
    QCOMPARE(config.search.crossoverRate, 0.9);
    QCOMPARE(config.search.mutationRate, 0.0);

    // An empty [search] and a [build] without timeout_s take the defaults too.
    const QString withTables = kMinimal + "[build]\ncommand = \"make\"\n[search]\n";
    QVERIFY(writeFile(dir.path(), "phylo.toml", withTables.toUtf8()));
    const TargetConfig more = loadTarget(toPath(dir.path()));
    QVERIFY(more.build.has_value());
    QCOMPARE(more.build->command, std::string("make"));
    QCOMPARE(more.build->timeoutS, 300.0);
    QCOMPARE(more.search.population, 8);
    QCOMPARE(more.search.elite, 2);
    QCOMPARE(more.search.tournament, 3);
    QCOMPARE(more.search.crossoverRate, 0.9);
    QCOMPARE(more.search.mutationRate, 0.0);
}

void TestTargetParser::checkTimeoutDefaultsToRunTimeout()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.path(), "kernel.cpp", "// kernel\n"));
    const QString text = kTarget + "[run]\ncommand = \"{bin}\"\ntimeout_s = 12\n" + kMetric
        + "[check]\ncommand = \"{bin} --check\"\n";
    const TargetConfig config = parseTarget(text.toStdString(), toPath(dir.path()), "inline.toml");
    QVERIFY(config.check.has_value());
    QCOMPARE(config.check->timeoutS, 12.0);
}

void TestTargetParser::parseTargetNamesItsSource()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.path(), "kernel.cpp", "// kernel\n"));
    const std::string text = kMinimal.toStdString();
    const TargetConfig config = parseTarget(text, toPath(dir.path()), "somewhere/custom.toml");
    QCOMPARE(config.tomlText, text);
    QVERIFY(config.dir.is_absolute());

    const std::string bad = (kMinimal + "[search]\npopulation = 1\n").toStdString();
    const std::string message = userErrorOf([&] { parseTarget(bad, toPath(dir.path()), "somewhere/custom.toml"); });
    QVERIFY2(contains(message, "somewhere/custom.toml"), message.c_str());
    QVERIFY2(contains(message, "[search] population: expected an integer from 2 to 100000"), message.c_str());
}

void TestTargetParser::ideaValues_data()
{
    QTest::addColumn<QString>("values");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("strings") << R"(["16", "32"])" << QStringList { "16", "32" };
    QTest::newRow("integers") << "[16, 32, 64]" << QStringList { "16", "32", "64" };
    QTest::newRow("mixed") << R"([8, "16", 32])" << QStringList { "8", "16", "32" };
    QTest::newRow("negative integer") << "[-1, 0]" << QStringList { "-1", "0" };
    QTest::newRow("hex integer") << "[0x10]" << QStringList { "16" };
    QTest::newRow("floats") << "[0.5, 1.25]" << QStringList { "0.5", "1.25" };
    QTest::newRow("text with space") << R"(["fast path", "x"])" << QStringList { "fast path", "x" };
    QTest::newRow("one value") << R"(["on"])" << QStringList { "on" };
}

void TestTargetParser::ideaValues()
{
    QFETCH(QString, values);
    QFETCH(QStringList, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.path(), "kernel.cpp", "// kernel\n"));
    QVERIFY(writeFile(dir.path(), "phylo.toml", (kMinimal + "[[idea]]\nname = \"tile\"\nvalues = " + values + "\n").toUtf8()));

    const TargetConfig config = loadTarget(toPath(dir.path()));
    QCOMPARE(config.ideas.size(), size_t(1));
    std::vector<std::string> want;
    for (const auto& value : expected)
        want.push_back(value.toStdString());
    QCOMPARE(config.ideas[0].values, want);
}

void TestTargetParser::validEdgeCases_data()
{
    QTest::addColumn<QString>("toml");

    QTest::newRow("file in a subdir") << (QStringLiteral("[target]\nname = \"d\"\nfiles = [\"sub/deep.cu\"]\n") + kRun + kMetric);
    QTest::newRow("dot-slash path") << (QStringLiteral("[target]\nname = \"d\"\nfiles = [\"./kernel.cpp\"]\n") + kRun + kMetric);
    QTest::newRow("tables in any order") << (kMetric + kRun + kTarget);
    QTest::newRow("repeat 1") << (kTarget + kRun + "repeat = 1\n" + kMetric);
    QTest::newRow("memory_mb 0") << (kTarget + kRun + "memory_mb = 0\n" + kMetric);
    QTest::newRow("integer timeout") << (kTarget + kRun + "timeout_s = 1\n" + kMetric);
    QTest::newRow("tiny timeout") << (kTarget + kRun + "timeout_s = 0.001\n" + kMetric);
    QTest::newRow("elite 0") << (kMinimal + "[search]\npopulation = 2\nelite = 0\n");
    QTest::newRow("elite population-1") << (kMinimal + "[search]\npopulation = 5\nelite = 4\n");
    QTest::newRow("rates at bounds") << (kMinimal + "[search]\ncrossover_rate = 1\nmutation_rate = 0\n");
    QTest::newRow("rates zero and one") << (kMinimal + "[search]\ncrossover_rate = 0.0\nmutation_rate = 1.0\n");
    QTest::newRow("underscore idea name") << (kMinimal + "[[idea]]\nname = \"_x9\"\n");
    QTest::newRow("inline tables") << QStringLiteral(
        "target = { name = \"d\", files = [\"kernel.cpp\"] }\nrun = { command = \"./a\" }\nmetric = { name = \"m\" }\n");
    QTest::newRow("crlf line endings") << QString(kMinimal).replace("\n", "\r\n");
}

void TestTargetParser::validEdgeCases()
{
    QFETCH(QString, toml);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.path(), "kernel.cpp", "// kernel\n"));
    QVERIFY(writeFile(dir.path(), "sub/deep.cu", "// deep\n"));
    QVERIFY(writeFile(dir.path(), "phylo.toml", toml.toUtf8()));
    try {
        const TargetConfig config = loadTarget(toPath(dir.path()));
        QVERIFY(!config.name.empty());
        QVERIFY(!config.files.empty());
    } catch (const std::exception& error) {
        QFAIL(error.what());
    }
}

QTEST_APPLESS_MAIN(TestTargetParser)
#include "tst_target_parser.moc"
