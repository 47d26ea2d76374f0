// SPDX-License-Identifier: GPL-3.0-or-later
// Genes (keys, JSON, -D flags, environment) and how commands get their placeholders.
#include "domain/genes.h"
#include "domain/idea.h"
#include "eval/command_template.h"

#include <QTest>

#include <stdexcept>
#include <string>
#include <vector>

using namespace phylo;

namespace {

std::vector<Idea> sampleIdeas()
{
    return {
        Idea { "tile", "", { "16", "32", "64" } },
        Idea { "unroll", "", {} },
        Idea { "Vec", "", { "a b", "it's" } },
    };
}

} // namespace

class TestGenesAndCommands : public QObject {
    Q_OBJECT

private slots:
    void genesKeyAndJson();
    void genesFromJsonRejectsUnknown();
    void genesDefinesAndEnvironment();
    void shellQuote_data();
    void shellQuote();
    void expandCommand_data();
    void expandCommand();
};

void TestGenesAndCommands::genesKeyAndJson()
{
    const auto ideas = sampleIdeas();
    Genes baseline(ideas.size());
    QVERIFY(baseline.allOff());
    QCOMPARE(baseline.key(ideas), std::string("baseline"));
    QCOMPARE(baseline.toJson(ideas), std::string("{}"));
    QCOMPARE(Genes::fromJson("{}", ideas), baseline);

    Genes genes(ideas.size());
    genes.setState(0, 1); // tile=32
    genes.setState(1, 0); // unroll on
    QVERIFY(!genes.allOff());
    QCOMPARE(genes.key(ideas), std::string("tile=32,unroll"));
    QCOMPARE(genes.toJson(ideas), std::string(R"({"tile":"32","unroll":"on"})"));
    QCOMPARE(Genes::fromJson(genes.toJson(ideas), ideas), genes);

    Genes quoted(ideas.size());
    quoted.setState(2, 1); // Vec=it's
    QCOMPARE(quoted.key(ideas), std::string("Vec=it's"));
    QCOMPARE(Genes::fromJson(quoted.toJson(ideas), ideas), quoted);

    // Every setting of the sample ideas survives a round trip.
    for (int a = Genes::kOff; a < 3; ++a) {
        for (int b = Genes::kOff; b < 1; ++b) {
            for (int c = Genes::kOff; c < 2; ++c) {
                Genes g(ideas.size());
                g.setState(0, a);
                g.setState(1, b);
                g.setState(2, c);
                QCOMPARE(Genes::fromJson(g.toJson(ideas), ideas), g);
            }
        }
    }
}

void TestGenesAndCommands::genesFromJsonRejectsUnknown()
{
    const auto ideas = sampleIdeas();
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, Genes::fromJson(R"({"nope":"1"})", ideas));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, Genes::fromJson(R"({"tile":"48"})", ideas));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, Genes::fromJson(R"({"TILE":"32"})", ideas));
}

void TestGenesAndCommands::genesDefinesAndEnvironment()
{
    const auto ideas = sampleIdeas();
    Genes genes(ideas.size());
    QCOMPARE(genes.defines(ideas), std::string());
    QVERIFY(genes.environment(ideas).empty());

    genes.setState(0, 1);
    genes.setState(1, 0);
    QCOMPARE(genes.defines(ideas), std::string("-DTILE=32 -DUNROLL=1"));
    const std::vector<std::pair<std::string, std::string>> env { { "PHYLO_TILE", "32" }, { "PHYLO_UNROLL", "1" } };
    QCOMPARE(genes.environment(ideas), env);

    genes.setState(0, Genes::kOff); // off: absent, not 0
    genes.setState(2, 0); // Vec="a b"
    QCOMPARE(genes.defines(ideas), std::string("-DUNROLL=1 '-DVEC=a b'"));
    const std::vector<std::pair<std::string, std::string>> env2 { { "PHYLO_UNROLL", "1" }, { "PHYLO_VEC", "a b" } };
    QCOMPARE(genes.environment(ideas), env2);

    genes.setState(2, 1); // Vec="it's"
    QCOMPARE(genes.defines(ideas), std::string("-DUNROLL=1 '-DVEC=it'\\''s'"));
}

void TestGenesAndCommands::shellQuote_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted");

    QTest::newRow("safe") << "abc-1.2_x" << "abc-1.2_x";
    QTest::newRow("safe path") << "/tmp/phylo-run/node-1/phylo_candidate" << "/tmp/phylo-run/node-1/phylo_candidate";
    QTest::newRow("define") << "-DTILE=32" << "-DTILE=32";
    QTest::newRow("empty") << "" << "''";
    QTest::newRow("space") << "a b" << "'a b'";
    QTest::newRow("single quote") << "it's" << "'it'\\''s'";
    QTest::newRow("double quote") << "say \"hi\"" << "'say \"hi\"'";
    QTest::newRow("dollar") << "$HOME" << "'$HOME'";
    QTest::newRow("semicolon") << "a;rm -rf x" << "'a;rm -rf x'";
}

void TestGenesAndCommands::shellQuote()
{
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    QCOMPARE(QString::fromStdString(phylo::shellQuote(word.toStdString())), quoted);
}

void TestGenesAndCommands::expandCommand_data()
{
    QTest::addColumn<QString>("templ");
    QTest::addColumn<QString>("bin");
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("defines");
    QTest::addColumn<QString>("expanded");

    const QString bin = "/s/node-1/phylo_candidate";
    QTest::newRow("all placeholders")
        << "g++ {defines} -o {bin} {dir}/main.cpp" << bin << "/s/node-1" << "-DTILE=32 -DUNROLL=1"
        << "g++ -DTILE=32 -DUNROLL=1 -o /s/node-1/phylo_candidate /s/node-1/main.cpp";
    QTest::newRow("no defines") << "cc {defines} -o {bin} x.c" << bin << "/s" << ""
                                << "cc  -o /s/node-1/phylo_candidate x.c";
    QTest::newRow("repeated placeholder") << "{bin} && {bin}" << "/b" << "/d" << "" << "/b && /b";
    QTest::newRow("paths with spaces")
        << "cd {dir} && {bin} --in {dir}/data" << "/tmp/my dir/phylo_candidate" << "/tmp/my dir" << ""
        << "cd '/tmp/my dir' && '/tmp/my dir/phylo_candidate' --in '/tmp/my dir'/data";
    QTest::newRow("path with quote") << "{bin}" << "/tmp/it's/bin" << "/tmp" << "" << "'/tmp/it'\\''s/bin'";
    QTest::newRow("quoted define passes through")
        << "nvcc {defines} k.cu" << bin << "/s" << "'-DVEC=a b'" << "nvcc '-DVEC=a b' k.cu";
    QTest::newRow("shell ${bin} left alone") << "echo ${bin} {bin}" << "/b" << "/d" << "" << "echo ${bin} /b";
    QTest::newRow("shell ${dir} and ${defines} left alone")
        << "echo ${dir} ${defines}" << "/b" << "/d" << "-DX=1" << "echo ${dir} ${defines}";
    QTest::newRow("awk braces left alone")
        << "{bin} | awk '{print $1}'" << "/b" << "/d" << "" << "/b | awk '{print $1}'";
    QTest::newRow("unknown placeholder left alone") << "{binary} {dirs} {x}" << "/b" << "/d" << "" << "{binary} {dirs} {x}";
    QTest::newRow("case sensitive") << "{BIN} {Dir}" << "/b" << "/d" << "" << "{BIN} {Dir}";
    QTest::newRow("doubled braces") << "{{bin}}" << "/b" << "/d" << "" << "{/b}";
    QTest::newRow("unterminated") << "{bin" << "/b" << "/d" << "" << "{bin";
    QTest::newRow("no placeholders") << "make -j4" << "/b" << "/d" << "-DX=1" << "make -j4";
}

void TestGenesAndCommands::expandCommand()
{
    QFETCH(QString, templ);
    QFETCH(QString, bin);
    QFETCH(QString, dir);
    QFETCH(QString, defines);
    QFETCH(QString, expanded);

    const CommandContext context { bin.toStdString(), dir.toStdString(), defines.toStdString(), "/opt/harness dir" };
    QCOMPARE(QString::fromStdString(phylo::expandCommand(templ.toStdString(), context)), expanded);
}

QTEST_APPLESS_MAIN(TestGenesAndCommands)
#include "tst_genes_and_commands.moc"
