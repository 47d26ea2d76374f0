// SPDX-License-Identifier: GPL-3.0-or-later
// phylo.toml bad input: every problem is one UserError naming the file, the key and what was expected.
#include "domain/genes.h"
#include "domain/idea.h"
#include "eval/command_template.h"
#include "eval/scratch_dir.h"
#include "target/target_config.h"
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
#include "target_test_support.h"

using namespace phylo;
using namespace phylo::test;
namespace fs = std::filesystem;

class TestTargetErrors : public QObject {
    Q_OBJECT

private slots:
    void directoryErrors_data();
    void directoryErrors();
    void badInput_data();
    void badInput();
};

void TestTargetErrors::directoryErrors_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("expected");

    QTest::newRow("missing dir") << "missing" << "target directory does not exist";
    QTest::newRow("path is a file") << "file" << "not a directory";
    QTest::newRow("no phylo.toml") << "no-toml" << "phylo.toml: missing";
    QTest::newRow("phylo.toml is a dir") << "toml-dir" << "phylo.toml: missing";
}

void TestTargetErrors::directoryErrors()
{
    QFETCH(QString, setup);
    QFETCH(QString, expected);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString target = QDir(tmp.path()).filePath("my target");
    if (setup == "file") {
        QVERIFY(writeFile(tmp.path(), "my target", "not a dir\n"));
    } else if (setup == "no-toml") {
        QVERIFY(writeFile(target, "kernel.cpp", "// kernel\n"));
    } else if (setup == "toml-dir") {
        QVERIFY(writeFile(target, "kernel.cpp", "// kernel\n"));
        QVERIFY(QDir(target).mkpath("phylo.toml"));
    }

    const std::string message = userErrorOf([&] { loadTarget(toPath(target)); });
    QVERIFY2(contains(message, target.toStdString()), message.c_str());
    QVERIFY2(contains(message, expected.toStdString()), message.c_str());
}

void TestTargetErrors::badInput_data()
{
    // "@" in an expected fragment stands for the phylo.toml path; "re:" starts a regular expression.
    QTest::addColumn<QString>("toml");
    QTest::addColumn<QStringList>("expected");

    // --- TOML syntax
    QTest::newRow("syntax: unterminated table header")
        << QStringLiteral("[target]\nname = \"demo\"\n[run\ncommand = \"x\"\n")
        << QStringList { "re:@:3:\\d+: not valid TOML: " };
    QTest::newRow("syntax: unterminated string")
        << QStringLiteral("[target]\nname = \"demo\nfiles = []\n")
        << QStringList { "re:@:2:\\d+: not valid TOML: " };
    QTest::newRow("syntax: bare value")
        << (kTarget + "[run]\ncommand = {bin}\n" + kMetric)
        << QStringList { "re:@:5:\\d+: not valid TOML: " };
    QTest::newRow("syntax: duplicate key")
        << (kTarget + "name = \"again\"\n" + kRun + kMetric)
        << QStringList { "re:@:4:\\d+: not valid TOML: " };

    // --- unknown keys, everywhere
    QTest::newRow("unknown top-level key")
        << ("bogus = 1\n" + kMinimal)
        << QStringList { "@:1: top level: unknown key 'bogus'", "expected one of: target, build, run, metric, check, idea, search" };
    QTest::newRow("unknown top-level table")
        << (kMinimal + "[extra]\nx = 1\n")
        << QStringList { "@", "top level: unknown key 'extra'", "expected one of: target," };
    QTest::newRow("unknown key in [target]")
        << (kTarget + "colour = \"red\"\n" + kRun + kMetric)
        << QStringList { "@:4: [target]: unknown key 'colour'", "expected one of: name, description, files, exclude" };
    QTest::newRow("unknown key in [build]")
        << (kMinimal + "[build]\ncommand = \"make\"\njobs = 4\n")
        << QStringList { "@", "[build]: unknown key 'jobs'", "expected one of: command, timeout_s)" };
    QTest::newRow("unknown key in [run]")
        << (kTarget + kRun + "repeats = 3\n" + kMetric)
        << QStringList { "@:6: [run]: unknown key 'repeats'", "expected one of: command, timeout_s, repeat, memory_mb" };
    QTest::newRow("unknown key in [metric]")
        << (kMinimal + "unit = \"ms\"\n")
        << QStringList { "@", "[metric]: unknown key 'unit'", "expected one of: name, direction" };
    QTest::newRow("unknown key in [check]")
        << (kMinimal + "[check]\ncommand = \"{bin} --check\"\nrepeat = 2\n")
        << QStringList { "@", "[check]: unknown key 'repeat'", "expected one of: command, timeout_s, memcheck)" };
    QTest::newRow("unknown key in [[idea]]")
        << (kMinimal + "[[idea]]\nname = \"tile\"\nvalue = [\"8\"]\n")
        << QStringList { "@", "[[idea]] #1: unknown key 'value'", "expected one of: name, values, description" };
    QTest::newRow("unknown key in 2nd [[idea]]")
        << (kMinimal + "[[idea]]\nname = \"a\"\n[[idea]]\nname = \"b\"\nflag = true\n")
        << QStringList { "@", "[[idea]] #2: unknown key 'flag'", "expected one of: name, values, description" };
    QTest::newRow("unknown key in [search]")
        << (kMinimal + "[search]\ngenerations = 10\n")
        << QStringList { "@", "[search]: unknown key 'generations'",
               "expected one of: population, elite, tournament, crossover_rate, mutation_rate, stagnation" };

    // --- wrong types and values
    QTest::newRow("name = 5")
        << QStringLiteral("[target]\nname = 5\nfiles = [\"kernel.cpp\"]\n") + kRun + kMetric
        << QStringList { "@:2: [target] name: expected a string, got the integer 5" };
    QTest::newRow("name empty")
        << QStringLiteral("[target]\nname = \"\"\nfiles = [\"kernel.cpp\"]\n") + kRun + kMetric
        << QStringList { "@:2: [target] name: expected a non-empty name" };
    QTest::newRow("description = true")
        << (kTarget + "description = true\n" + kRun + kMetric)
        << QStringList { "@:4: [target] description: expected a string, got true" };
    QTest::newRow("files = \"x\"")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = \"x\"\n") + kRun + kMetric
        << QStringList { "@:3: [target] files: expected an array of strings, got the string \"x\"" };
    QTest::newRow("files = [true]")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = [true]\n") + kRun + kMetric
        << QStringList { "@", "[target] files: expected an array of strings, got true" };
    QTest::newRow("files = []")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = []\n") + kRun + kMetric
        << QStringList { "@:3: [target] files: expected at least one file agents may edit" };
    QTest::newRow("exclude = \"build\"")
        << (kTarget + "exclude = \"build\"\n" + kRun + kMetric)
        << QStringList { "@:4: [target] exclude: expected an array of strings, got the string \"build\"" };
    QTest::newRow("timeout_s = \"fast\"")
        << (kTarget + kRun + "timeout_s = \"fast\"\n" + kMetric)
        << QStringList { "@:6: [run] timeout_s: expected a number from 0.001 to 604800", "got the string \"fast\"" };
    QTest::newRow("timeout_s = 0")
        << (kTarget + kRun + "timeout_s = 0\n" + kMetric)
        << QStringList { "@:6: [run] timeout_s: expected a number from 0.001 to 604800, got the integer 0" };
    QTest::newRow("timeout_s = -5.5")
        << (kTarget + kRun + "timeout_s = -5.5\n" + kMetric)
        << QStringList { "@:6: [run] timeout_s: expected a number from 0.001 to 604800, got the number -5.5" };
    QTest::newRow("timeout_s = inf")
        << (kTarget + kRun + "timeout_s = inf\n" + kMetric)
        << QStringList { "@:6: [run] timeout_s: expected a number from 0.001 to 604800, got the number inf" };
    QTest::newRow("timeout_s = nan")
        << (kTarget + kRun + "timeout_s = nan\n" + kMetric)
        << QStringList { "@:6: [run] timeout_s: expected a number from 0.001 to 604800" };
    QTest::newRow("[build] timeout_s = [1]")
        << (kMinimal + "[build]\ncommand = \"make\"\ntimeout_s = [1]\n")
        << QStringList { "@", "[build] timeout_s: expected a number from", "got an array" };
    QTest::newRow("[check] timeout_s = 0")
        << (kMinimal + "[check]\ncommand = \"{bin}\"\ntimeout_s = 0\n")
        << QStringList { "@", "[check] timeout_s: expected a number from 0.001 to 604800, got the integer 0" };
    QTest::newRow("stagnation = -1")
        << (kMinimal + "[search]\nstagnation = -1\n")
        << QStringList { "[search] stagnation: expected an integer from 0 to 1000, got the integer -1" };
    QTest::newRow("repeat too large")
        << (kTarget + kRun + "repeat = 2147483648\n" + kMetric)
        << QStringList { "@:6: [run] repeat: expected an integer from 1 to 10000, got the integer 2147483648" };
    QTest::newRow("population too large")
        << (kMinimal + "[search]\npopulation = 4294967298\n")
        << QStringList { "[search] population: expected an integer from 2 to 100000" };
    QTest::newRow("timeout_s huge")
        << (kTarget + kRun + "timeout_s = 1e300\n" + kMetric)
        << QStringList { "[run] timeout_s: expected a number from 0.001 to 604800" };
    QTest::newRow("file listed twice")
        << (QStringLiteral("[target]\nname = \"demo\"\nfiles = [\"kernel.cpp\", \"./kernel.cpp\"]\n") + kRun + kMetric)
        << QStringList { "[target] files: \"kernel.cpp\" is listed twice" };
    QTest::newRow("repeat = 0")
        << (kTarget + kRun + "repeat = 0\n" + kMetric)
        << QStringList { "@:6: [run] repeat: expected an integer from 1 to 10000, got the integer 0" };
    QTest::newRow("repeat = 2.5")
        << (kTarget + kRun + "repeat = 2.5\n" + kMetric)
        << QStringList { "@:6: [run] repeat: expected an integer from 1 to 10000, got the number 2.5" };
    QTest::newRow("repeat = \"3\"")
        << (kTarget + kRun + "repeat = \"3\"\n" + kMetric)
        << QStringList { "@:6: [run] repeat: expected an integer from 1 to 10000, got the string \"3\"" };
    QTest::newRow("memory_mb = -1")
        << (kTarget + kRun + "memory_mb = -1\n" + kMetric)
        << QStringList { "@:6: [run] memory_mb: expected an integer from 0 to 1073741824, got the integer -1" };
    QTest::newRow("direction = \"up\"")
        << (kMinimal + "direction = \"up\"\n")
        << QStringList { "@:8: [metric] direction: expected \"minimize\" or \"maximize\", got the string \"up\"" };
    QTest::newRow("direction = \"Minimize\"")
        << (kMinimal + "direction = \"Minimize\"\n")
        << QStringList { "@:8: [metric] direction: expected \"minimize\" or \"maximize\", got the string \"Minimize\"" };
    QTest::newRow("direction = 1")
        << (kMinimal + "direction = 1\n")
        << QStringList { "@:8: [metric] direction: expected a string, got the integer 1" };
    QTest::newRow("metric name with space")
        << (kTarget + kRun + "[metric]\nname = \"time ms\"\n")
        << QStringList { "@:7: [metric] name: expected a metric name without spaces or '='", "got the string \"time ms\"" };
    QTest::newRow("metric name with =")
        << (kTarget + kRun + "[metric]\nname = \"a=b\"\n")
        << QStringList { "@:7: [metric] name: expected a metric name without spaces or '='" };
    QTest::newRow("metric name empty")
        << (kTarget + kRun + "[metric]\nname = \"\"\n")
        << QStringList { "@:7: [metric] name: expected a metric name without spaces or '='" };
    QTest::newRow("values = [true]")
        << (kMinimal + "[[idea]]\nname = \"tile\"\nvalues = [true]\n")
        << QStringList { "@:10: [[idea]] #1 values: expected an array of strings, got true" };
    QTest::newRow("values = []")
        << (kMinimal + "[[idea]]\nname = \"tile\"\nvalues = []\n")
        << QStringList { "@:10: [[idea]] #1 values: expected at least one value (leave 'values' out for an on/off idea)" };
    QTest::newRow("values = \"32\"")
        << (kMinimal + "[[idea]]\nname = \"tile\"\nvalues = \"32\"\n")
        << QStringList { "@:10: [[idea]] #1 values: expected an array of strings, got the string \"32\"" };
    QTest::newRow("values = [[1]]")
        << (kMinimal + "[[idea]]\nname = \"tile\"\nvalues = [[1]]\n")
        << QStringList { "@", "[[idea]] #1 values: expected an array of strings, got an array" };
    QTest::newRow("values with duplicate")
        << (kMinimal + "[[idea]]\nname = \"tile\"\nvalues = [\"8\", 8]\n")
        << QStringList { "@:10: [[idea]] #1 values: expected distinct, non-empty values" };
    QTest::newRow("values with empty string")
        << (kMinimal + "[[idea]]\nname = \"tile\"\nvalues = [\"\"]\n")
        << QStringList { "@:10: [[idea]] #1 values: expected distinct, non-empty values" };
    QTest::newRow("idea description = 1")
        << (kMinimal + "[[idea]]\nname = \"tile\"\ndescription = 1\n")
        << QStringList { "@:10: [[idea]] #1 description: expected a string, got the integer 1" };
    QTest::newRow("idea = 5")
        << ("idea = 5\n" + kMinimal)
        << QStringList { "@", "idea: expected [[idea]] tables, got the integer 5" };
    QTest::newRow("[idea] single table")
        << (kMinimal + "[idea]\nname = \"tile\"\n")
        << QStringList { "@", "idea: expected [[idea]] tables, got a table" };
    QTest::newRow("[target] not a table")
        << ("target = \"demo\"\n" + kRun + kMetric)
        << QStringList { "@", "[target]: expected a table, got the string \"demo\"" };
    QTest::newRow("[build] not a table")
        << ("build = \"make\"\n" + kMinimal)
        << QStringList { "@", "[build]: expected a table, got the string \"make\"" };
    QTest::newRow("[check] not a table")
        << ("check = [\"x\"]\n" + kMinimal)
        << QStringList { "@", "[check]: expected a table, got an array" };
    QTest::newRow("[search] not a table")
        << ("search = 3\n" + kMinimal)
        << QStringList { "@", "[search]: expected a table, got the integer 3" };
    QTest::newRow("[run] not a table")
        << ("run = \"./a\"\n" + kTarget + kMetric)
        << QStringList { "@", "[run]: expected a table, got the string \"./a\"" };

    // --- files
    QTest::newRow("listed file missing")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = [\"kernel.cpp\", \"missing.cu\"]\n") + kRun + kMetric
        << QStringList { "@", "[target] files: \"missing.cu\" does not exist", "looked for" };
    QTest::newRow("listed file is a dir")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = [\"sub\"]\n") + kRun + kMetric
        << QStringList { "@", "[target] files: \"sub\"" };
    QTest::newRow("file ../x")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = [\"../x\"]\n") + kRun + kMetric
        << QStringList { "@", "[target] files: expected paths relative to the target dir without '..', not \"../x\"" };
    QTest::newRow("file /etc/passwd")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = [\"/etc/passwd\"]\n") + kRun + kMetric
        << QStringList { "@", "[target] files: expected paths relative to the target dir without '..', not \"/etc/passwd\"" };
    QTest::newRow("file sub/../kernel.cpp")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = [\"sub/../kernel.cpp\"]\n") + kRun + kMetric
        << QStringList { "@", "[target] files: expected paths relative to the target dir without '..'" };
    QTest::newRow("file empty path")
        << QStringLiteral("[target]\nname = \"demo\"\nfiles = [\"\"]\n") + kRun + kMetric
        << QStringList { "@", "[target] files: expected paths relative to the target dir without '..', not \"\"" };
    QTest::newRow("exclude ../build")
        << (kTarget + "exclude = [\"../build\"]\n" + kRun + kMetric)
        << QStringList { "@", "[target] exclude: expected paths relative to the target dir without '..', not \"../build\"" };
    QTest::newRow("exclude /tmp")
        << (kTarget + "exclude = [\"/tmp\"]\n" + kRun + kMetric)
        << QStringList { "@", "[target] exclude: expected paths relative to the target dir without '..', not \"/tmp\"" };

    // --- missing required tables and keys
    QTest::newRow("missing [target]")
        << (kRun + kMetric) << QStringList { "@: missing required table [target]" };
    QTest::newRow("missing [run]")
        << (kTarget + kMetric) << QStringList { "@: missing required table [run]" };
    QTest::newRow("missing [metric]")
        << (kTarget + kRun) << QStringList { "@: missing required table [metric]" };
    QTest::newRow("empty file")
        << QString() << QStringList { "@: missing required table [target]" };
    QTest::newRow("missing [target] name")
        << QStringLiteral("[target]\nfiles = [\"kernel.cpp\"]\n") + kRun + kMetric
        << QStringList { "@: [target]: missing required key 'name'" };
    QTest::newRow("missing [target] files")
        << QStringLiteral("[target]\nname = \"demo\"\n") + kRun + kMetric
        << QStringList { "@: [target]: missing required key 'files'" };
    QTest::newRow("missing [run] command")
        << (kTarget + "[run]\nrepeat = 3\n" + kMetric)
        << QStringList { "@: [run]: missing required key 'command'" };
    QTest::newRow("missing [build] command")
        << (kMinimal + "[build]\ntimeout_s = 5\n")
        << QStringList { "@: [build]: missing required key 'command'" };
    QTest::newRow("missing [check] command")
        << (kMinimal + "[check]\n")
        << QStringList { "@: [check]: missing required key 'command'" };
    QTest::newRow("missing [metric] name")
        << (kTarget + kRun + "[metric]\ndirection = \"maximize\"\n")
        << QStringList { "@: [metric]: missing required key 'name'" };
    QTest::newRow("missing [[idea]] name")
        << (kMinimal + "[[idea]]\nvalues = [\"1\"]\n")
        << QStringList { "@: [[idea]] #1: missing required key 'name'" };

    // --- ideas
    QTest::newRow("duplicate idea")
        << (kMinimal + "[[idea]]\nname = \"tile\"\n[[idea]]\nname = \"unroll\"\n[[idea]]\nname = \"tile\"\n")
        << QStringList { "@: [[idea]] #3 name: expected a unique name, \"tile\" is used twice" };
    QTest::newRow("duplicate idea, other case")
        << (kMinimal + "[[idea]]\nname = \"tile\"\n[[idea]]\nname = \"TILE\"\n")
        << QStringList { "@: [[idea]] #2 name: expected a unique name, \"TILE\" is used twice",
               "names are compared upper-cased" };
    QTest::newRow("duplicate idea, mixed case")
        << (kMinimal + "[[idea]]\nname = \"Tile_Size\"\n[[idea]]\nname = \"tile_size\"\n")
        << QStringList { "@: [[idea]] #2 name: expected a unique name, \"tile_size\" is used twice" };
    QTest::newRow("idea name 2fast")
        << (kMinimal + "[[idea]]\nname = \"2fast\"\n")
        << QStringList { "@:9: [[idea]] #1 name: expected a name of letters, digits and '_' that does not start with a digit",
               "got the string \"2fast\"" };
    QTest::newRow("idea name has-dash")
        << (kMinimal + "[[idea]]\nname = \"has-dash\"\n")
        << QStringList { "@:9: [[idea]] #1 name: expected a name of letters, digits and '_'", "got the string \"has-dash\"" };
    QTest::newRow("idea name with space")
        << (kMinimal + "[[idea]]\nname = \"a b\"\n")
        << QStringList { "@:9: [[idea]] #1 name: expected a name of letters, digits and '_'" };
    QTest::newRow("idea name empty")
        << (kMinimal + "[[idea]]\nname = \"\"\n")
        << QStringList { "@:9: [[idea]] #1 name: expected a name of letters, digits and '_'" };
    QTest::newRow("idea name = 3")
        << (kMinimal + "[[idea]]\nname = 3\n")
        << QStringList { "@:9: [[idea]] #1 name: expected a string, got the integer 3" };

    // --- [search]
    QTest::newRow("elite = population")
        << (kMinimal + "[search]\npopulation = 4\nelite = 4\n")
        << QStringList { "@:10: [search] elite: expected fewer elites than 'population' (4), got the integer 4" };
    QTest::newRow("elite > population")
        << (kMinimal + "[search]\npopulation = 4\nelite = 9\n")
        << QStringList { "@:10: [search] elite: expected fewer elites than 'population' (4), got the integer 9" };
    QTest::newRow("default elite = population")
        << (kMinimal + "[search]\npopulation = 2\n")
        << QStringList { "@: [search] elite: expected fewer elites than 'population' (2)" };
    QTest::newRow("population = 1")
        << (kMinimal + "[search]\npopulation = 1\n")
        << QStringList { "@:9: [search] population: expected an integer from 2 to 100000, got the integer 1" };
    QTest::newRow("elite = -1")
        << (kMinimal + "[search]\nelite = -1\n")
        << QStringList { "@:9: [search] elite: expected an integer from 0 to 100000, got the integer -1" };
    QTest::newRow("tournament = 0")
        << (kMinimal + "[search]\ntournament = 0\n")
        << QStringList { "@:9: [search] tournament: expected an integer from 1 to 1000, got the integer 0" };
    QTest::newRow("crossover_rate = 1.5")
        << (kMinimal + "[search]\ncrossover_rate = 1.5\n")
        << QStringList { "@:9: [search] crossover_rate: expected a number from 0 to 1, got the number 1.5" };
    QTest::newRow("crossover_rate = 2")
        << (kMinimal + "[search]\ncrossover_rate = 2\n")
        << QStringList { "@:9: [search] crossover_rate: expected a number from 0 to 1, got the integer 2" };
    QTest::newRow("crossover_rate = -0.1")
        << (kMinimal + "[search]\ncrossover_rate = -0.1\n")
        << QStringList { "@:9: [search] crossover_rate: expected a number from 0 to 1, got the number -0.1" };
    QTest::newRow("mutation_rate = 1.01")
        << (kMinimal + "[search]\nmutation_rate = 1.01\n")
        << QStringList { "@:9: [search] mutation_rate: expected a number from 0 to 1, got the number 1.01" };
    QTest::newRow("mutation_rate = \"high\"")
        << (kMinimal + "[search]\nmutation_rate = \"high\"\n")
        << QStringList { "@:9: [search] mutation_rate: expected a number from", "got the string \"high\"" };

    // --- commands
    QTest::newRow("empty [run] command")
        << (kTarget + "[run]\ncommand = \"\"\n" + kMetric)
        << QStringList { "@:5: [run] command: expected a non-empty command line, got the string \"\"" };
    QTest::newRow("blank [run] command")
        << (kTarget + "[run]\ncommand = \" \\t \"\n" + kMetric)
        << QStringList { "@:5: [run] command: expected a non-empty command line" };
    QTest::newRow("empty [build] command")
        << (kMinimal + "[build]\ncommand = \"\"\n")
        << QStringList { "@:9: [build] command: expected a non-empty command line" };
    QTest::newRow("empty [check] command")
        << (kMinimal + "[check]\ncommand = \"\"\"\n\n\"\"\"\n")
        << QStringList { "@:9: [check] command: expected a non-empty command line" };
    QTest::newRow("[run] command = 1")
        << (kTarget + "[run]\ncommand = 1\n" + kMetric)
        << QStringList { "@:5: [run] command: expected a string, got the integer 1" };
}

void TestTargetErrors::badInput()
{
    QFETCH(QString, toml);
    QFETCH(QStringList, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.path(), "kernel.cpp", "// kernel\n"));
    QVERIFY(QDir(dir.path()).mkpath("sub"));
    QVERIFY(writeFile(dir.path(), "phylo.toml", toml.toUtf8()));
    const QString tomlPath = QString::fromStdString((toPath(dir.path()) / "phylo.toml").string());

    const std::string message = userErrorOf([&] { loadTarget(toPath(dir.path())); });
    QVERIFY2(contains(message, tomlPath.toStdString()), message.c_str());
    for (QString fragment : expected) {
        bool found = false;
        if (fragment.startsWith("re:")) {
            fragment = fragment.mid(3).replace("@", QRegularExpression::escape(tomlPath));
            found = QRegularExpression(fragment).match(QString::fromStdString(message)).hasMatch();
        } else {
            fragment.replace("@", tomlPath);
            found = contains(message, fragment.toStdString());
        }
        QVERIFY2(found, qPrintable(QString("message '%1' lacks '%2'").arg(QString::fromStdString(message), fragment)));
    }
}

// ---- Genes helpers and command templates ----

QTEST_APPLESS_MAIN(TestTargetErrors)
#include "tst_target_errors.moc"
