// SPDX-License-Identifier: GPL-3.0-or-later
// The agents' code edits: SEARCH/REPLACE blocks (parse, apply), the code fingerprint, diff summaries.
#include "agents/code_fingerprint.h"
#include "agents/diff_summary.h"
#include "agents/edit_apply.h"
#include "agents/edit_blocks.h"
#include "testsupport.h"

#include <QTest>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace phylo;

namespace {

const std::string kKernel = "__global__ void scale(float* x, int n)\n"
                            "{\n"
                            "    int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
                            "    if (i < n)\n"
                            "        x[i] *= 2.0f;\n"
                            "}\n";

std::map<std::string, std::string> kernelFiles()
{
    return { { "kernel.cu", kKernel }, { "util.h", "#pragma once\nint helper();\n" } };
}

const std::set<std::string> kEditable { "kernel.cu", "util.h" };

std::vector<FileEdit> parseOk(const std::string& text)
{
    std::string error = "unset";
    auto edits = parseEditBlocks(text, &error);
    if (edits.empty())
        qWarning("parse error: %s", error.c_str());
    return edits;
}

std::string parseError(const std::string& text)
{
    std::string error;
    const auto edits = parseEditBlocks(text, &error);
    return edits.empty() ? error : std::string("(parsed ") + std::to_string(edits.size()) + " blocks)";
}

} // namespace

class TestCodeEdits : public QObject
{
    Q_OBJECT

private slots:
    // parseEditBlocks
    void parseOneBlock();
    void parseSeveralBlocksAndFiles();
    void parseToleratesFencesAndDecorations();
    void parseSameFileWithoutRepeatingPath();
    void parseEmptyReplace();
    void parseErrors_data();
    void parseErrors();
    void parseRefusesHugeText();
    void formatRoundTrips();
    // applyEdits
    void applyExact();
    void applyWhitespaceNormalized();
    void applyReindentsReplacement();
    void applyAtEndOfFileWithoutNewline();
    void applyNotMatchingKeepsBlock();
    void applyAmbiguous();
    void applyAmbiguousAfterNormalizing();
    void applyFileNotEditable();
    void applySeveralBlocksInOrder();
    void applyIsAllOrNothing();
    void applyEmptySearch();
    void applyExactNeedsLineStart();
    // normalizedCode / codeFingerprint
    void normalizedIgnoresCommentsAndWhitespace();
    void normalizedKeepsStringContents();
    void normalizedKeepsTokensApart();
    void normalizedKeepsDirectiveLines();
    void fingerprintEquality();
    void fingerprintOfOtherFiles();
    // diffSummary
    void diffSummaryLists();
    void diffSummaryBounded();
};

void TestCodeEdits::parseOneBlock()
{
    const auto edits = parseOk("Here is my change.\n\nkernel.cu\n<<<<<<< SEARCH\n        x[i] *= 2.0f;\n=======\n"
                               "        x[i] *= 3.0f;\n>>>>>>> REPLACE\nThat's all.\n");
    QCOMPARE(edits.size(), size_t(1));
    QCOMPARE(edits[0].file, std::string("kernel.cu"));
    QCOMPARE(edits[0].search, std::string("        x[i] *= 2.0f;\n"));
    QCOMPARE(edits[0].replace, std::string("        x[i] *= 3.0f;\n"));
}

void TestCodeEdits::parseSeveralBlocksAndFiles()
{
    const auto edits = parseOk("kernel.cu\n<<<<<<< SEARCH\na\nb\n=======\nc\n>>>>>>> REPLACE\n\n"
                               "Then the header:\n\ninclude/util.h\n<<<<<<< SEARCH\nint helper();\n=======\n"
                               "int helper();\nint other();\n>>>>>>> REPLACE\n");
    QCOMPARE(edits.size(), size_t(2));
    QCOMPARE(edits[0].file, std::string("kernel.cu"));
    QCOMPARE(edits[0].search, std::string("a\nb\n"));
    QCOMPARE(edits[0].replace, std::string("c\n"));
    QCOMPARE(edits[1].file, std::string("include/util.h"));
    QCOMPARE(edits[1].replace, std::string("int helper();\nint other();\n"));
}

void TestCodeEdits::parseToleratesFencesAndDecorations()
{
    // Path above the fence, fence around the block, CRLF line ends, longer markers, lower-case words.
    const auto edits = parseOk(
        "**`./kernel.cu`**:\r\n```cuda\r\n<<<<<<<< search\r\nold\r\n=========\r\nnew\r\n"
        ">>>>>>>> replace\r\n```\r\n\r\n### File: util.h\n~~~\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n~~~\n");
    QCOMPARE(edits.size(), size_t(2));
    QCOMPARE(edits[0].file, std::string("kernel.cu"));
    QCOMPARE(edits[0].search, std::string("old\n"));
    QCOMPARE(edits[0].replace, std::string("new\n"));
    QCOMPARE(edits[1].file, std::string("util.h"));
    // The path inside the fence, above the marker, works too.
    const auto inside = parseOk("```\nkernel.cu\n<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n```\n");
    QCOMPARE(inside.size(), size_t(1));
    QCOMPARE(inside[0].file, std::string("kernel.cu"));
}

void TestCodeEdits::parseSameFileWithoutRepeatingPath()
{
    const auto edits = parseOk("kernel.cu\n```\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```\n```\n"
                               "<<<<<<< SEARCH\nc\n=======\nd\n>>>>>>> REPLACE\n```\n");
    QCOMPARE(edits.size(), size_t(2));
    QCOMPARE(edits[1].file, std::string("kernel.cu"));
    QCOMPARE(edits[1].search, std::string("c\n"));
}

void TestCodeEdits::parseEmptyReplace()
{
    const auto edits = parseOk("kernel.cu\n<<<<<<< SEARCH\ndead();\n=======\n>>>>>>> REPLACE\n");
    QCOMPARE(edits.size(), size_t(1));
    QCOMPARE(edits[0].replace, std::string());
}

void TestCodeEdits::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("fragment"); // in the error

    QTest::newRow("no blocks") << "I would unroll the loop, but here is no edit."
                               << "no SEARCH/REPLACE blocks";
    QTest::newRow("empty") << ""
                           << "no SEARCH/REPLACE blocks";
    QTest::newRow("four angle brackets are not a marker") << "kernel.cu\n<<<< SEARCH\na\n====\nb\n>>>> REPLACE\n"
                                                          << "no SEARCH/REPLACE blocks";
    QTest::newRow("truncated in SEARCH") << "kernel.cu\n<<<<<<< SEARCH\nfoo();\nbar();\n"
                                         << "no =======";
    QTest::newRow("truncated in REPLACE") << "kernel.cu\n<<<<<<< SEARCH\nfoo();\n=======\nbaz();\n"
                                          << "no >>>>>>> REPLACE";
    QTest::newRow("truncated marker") << "kernel.cu\n<<<<<<< SEARCH\nfoo();\n=======\nbaz();\n>>>>>>> REPL"
                                      << "truncated";
    QTest::newRow("no path") << "<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n"
                             << "no file path";
    QTest::newRow("prose instead of path") << "Change this:\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n"
                                           << "must be the file's path";
    QTest::newRow("REPLACE before divider") << "k.cu\n<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n"
                                            << "before its =======";
    QTest::newRow("nested SEARCH") << "k.cu\n<<<<<<< SEARCH\na\n<<<<<<< SEARCH\n=======\nb\n>>>>>>> REPLACE\n"
                                   << "<<<<<<< SEARCH on line 4";
    QTest::newRow("second divider") << "k.cu\n<<<<<<< SEARCH\na\n=======\nb\n=======\nc\n>>>>>>> REPLACE\n"
                                    << "a second =======";
    QTest::newRow("stray REPLACE") << "k.cu\n>>>>>>> REPLACE\n"
                                   << "without a <<<<<<< SEARCH";
    QTest::newRow("names the block")
        << "k.cu\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\nk.cu\n<<<<<<< SEARCH\nx\n"
        << "block 2 (k.cu)";
}

void TestCodeEdits::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, fragment);
    std::string error;
    const auto edits = parseEditBlocks(text.toStdString(), &error);
    QVERIFY(edits.empty());
    QVERIFY2(error.find(fragment.toStdString()) != std::string::npos, error.c_str());
    // A null error pointer is fine.
    QVERIFY(parseEditBlocks(text.toStdString(), nullptr).empty());
}

void TestCodeEdits::parseRefusesHugeText()
{
    std::string text = "kernel.cu\n<<<<<<< SEARCH\na\n=======\n";
    text += std::string(kMaxReplyBytes, 'x');
    text += "\n>>>>>>> REPLACE\n";
    QVERIFY(parseError(text).find("too large") != std::string::npos);

    std::string many;
    for (size_t i = 0; i <= kMaxEditBlocks; ++i)
        many += "k.cu\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n";
    QVERIFY(parseError(many).find("more than") != std::string::npos);
}

void TestCodeEdits::formatRoundTrips()
{
    const std::vector<FileEdit> edits { { "kernel.cu", "a\nb\n", "c\n" }, { "util.h", "x\n", "" } };
    QCOMPARE(parseOk(formatEditBlocks(edits)), edits);
    QVERIFY(containsSearchMarker(formatEditBlock(edits[0])));
    QVERIFY(!containsSearchMarker("no markers here\n<<< SEARCH\n"));
}

void TestCodeEdits::applyExact()
{
    const auto outcome = applyEdits(
        kernelFiles(), { { "kernel.cu", "        x[i] *= 2.0f;\n", "        x[i] *= 3.0f;\n" } }, kEditable);
    QVERIFY2(outcome.ok, outcome.detail.c_str());
    QCOMPARE(outcome.reason, std::string());
    QCOMPARE(outcome.failedBlock, -1);
    std::string expected = kKernel;
    expected.replace(expected.find("2.0f"), 4, "3.0f");
    QCOMPARE(outcome.files.at("kernel.cu"), expected);
    QCOMPARE(outcome.files.at("util.h"), kernelFiles().at("util.h")); // untouched files are kept
}

void TestCodeEdits::applyWhitespaceNormalized()
{
    // Different indentation, trailing spaces and blank lines around the SEARCH text still match, uniquely.
    const FileEdit edit { "kernel.cu", "\n  if (i < n)   \n      x[i] *= 2.0f;\n\n",
        "  if (i < n)\n      x[i] = 0;\n" };
    const auto outcome = applyEdits(kernelFiles(), { edit }, kEditable);
    QVERIFY2(outcome.ok, outcome.detail.c_str());
    const auto& code = outcome.files.at("kernel.cu");
    QVERIFY(code.find("x[i] = 0;") != std::string::npos);
    QVERIFY(code.find("2.0f") == std::string::npos);
    QVERIFY(code.find("    int i = blockIdx.x") != std::string::npos);
    QVERIFY(code.ends_with("        x[i] = 0;\n}\n"));

    // A difference inside a line is not whitespace: no match.
    const auto inner = applyEdits(kernelFiles(), { { "kernel.cu", "if (i<n)\n", "if (i <= n)\n" } }, kEditable);
    QVERIFY(!inner.ok);
    QCOMPARE(inner.reason, std::string(kEditDidNotApply));
}

void TestCodeEdits::applyReindentsReplacement()
{
    // The agent dropped the indentation: the replacement gets the file's.
    const FileEdit edit { "kernel.cu", "if (i < n)\n    x[i] *= 2.0f;\n", "if (i < n)\n    x[i] *= 4.0f;\n" };
    const auto outcome = applyEdits(kernelFiles(), { edit }, kEditable);
    QVERIFY2(outcome.ok, outcome.detail.c_str());
    QVERIFY2(outcome.files.at("kernel.cu").find("    if (i < n)\n        x[i] *= 4.0f;\n}") != std::string::npos,
        outcome.files.at("kernel.cu").c_str());
}

void TestCodeEdits::applyAtEndOfFileWithoutNewline()
{
    const std::map<std::string, std::string> files { { "a.cpp", "int a;\nint b;" } };
    const auto outcome = applyEdits(files, { { "a.cpp", "int b;\n", "int c;\n" } }, { "a.cpp" });
    QVERIFY2(outcome.ok, outcome.detail.c_str());
    QCOMPARE(outcome.files.at("a.cpp"), std::string("int a;\nint c;"));
}

void TestCodeEdits::applyNotMatchingKeepsBlock()
{
    const std::vector<FileEdit> edits { { "kernel.cu", "    int i = blockIdx.x * blockDim.x + threadIdx.x;\n",
                                            "    int i = 0;\n" },
        { "kernel.cu", "    x[i] += 1.0f;\n", "    x[i] += 2.0f;\n" } };
    const auto outcome = applyEdits(kernelFiles(), edits, kEditable);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.reason, std::string("edit did not apply"));
    QCOMPARE(outcome.failedBlock, 1);
    QVERIFY(outcome.files.empty());
    QVERIFY2(outcome.detail.find("block 2 of 2 (kernel.cu)") != std::string::npos, outcome.detail.c_str());
    QVERIFY(outcome.detail.find("not in the file") != std::string::npos);
    // The failed block is kept, in the block format, for display.
    QVERIFY(outcome.block.find("x[i] += 1.0f;") != std::string::npos);
    QVERIFY(outcome.block.find("<<<<<<< SEARCH") != std::string::npos);
    QCOMPARE(parseOk(outcome.block), std::vector<FileEdit> { edits[1] });
}

void TestCodeEdits::applyAmbiguous()
{
    const std::map<std::string, std::string> files { { "a.cpp", "x = 1;\ny = 2;\nx = 1;\n" } };
    const auto outcome = applyEdits(files, { { "a.cpp", "x = 1;\n", "x = 3;\n" } }, { "a.cpp" });
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.reason, std::string(kEditDidNotApply));
    QVERIFY2(outcome.detail.find("matches 2 places") != std::string::npos, outcome.detail.c_str());
    QCOMPARE(outcome.failedBlock, 0);
    // With context it is unique.
    const auto unique = applyEdits(files, { { "a.cpp", "y = 2;\nx = 1;\n", "y = 2;\nx = 3;\n" } }, { "a.cpp" });
    QVERIFY(unique.ok);
    QCOMPARE(unique.files.at("a.cpp"), std::string("x = 1;\ny = 2;\nx = 3;\n"));
}

void TestCodeEdits::applyAmbiguousAfterNormalizing()
{
    // No exact match; two matches once indentation is ignored.
    const std::map<std::string, std::string> files { { "a.cpp", "  f();\n g();\n    f();\n" } };
    const auto outcome = applyEdits(files, { { "a.cpp", "f();\n", "h();\n" } }, { "a.cpp" });
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.reason, std::string(kEditDidNotApply));
    QVERIFY2(
        outcome.detail.find("matches 2 places (ignoring indentation)") != std::string::npos, outcome.detail.c_str());
}

void TestCodeEdits::applyFileNotEditable()
{
    auto files = kernelFiles();
    files["bench.cu"] = "trusted();\n";
    const std::vector<FileEdit> edits { { "kernel.cu", "        x[i] *= 2.0f;\n", "        x[i] *= 3.0f;\n" },
        { "bench.cu", "trusted();\n", "cheat();\n" } };
    const auto outcome = applyEdits(files, edits, kEditable);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.reason, std::string("file not editable"));
    QCOMPARE(outcome.failedBlock, 1);
    QVERIFY2(outcome.detail.find("bench.cu is not one of the target's editable files (kernel.cu, util.h)")
            != std::string::npos,
        outcome.detail.c_str());
    QVERIFY(outcome.block.find("cheat();") != std::string::npos);

    // Paths outside the target, and an editable path that was not given.
    const auto outside = applyEdits(files, { { "../etc/passwd", "a\n", "b\n" } }, kEditable);
    QCOMPARE(outside.reason, std::string(kFileNotEditable));
    const auto missing = applyEdits({ { "kernel.cu", kKernel } }, { { "util.h", "int helper();\n", "" } }, kEditable);
    QCOMPARE(missing.reason, std::string(kFileNotEditable));
}

void TestCodeEdits::applySeveralBlocksInOrder()
{
    // The second block searches for what the first one wrote.
    const std::vector<FileEdit> edits { { "kernel.cu", "        x[i] *= 2.0f;\n", "        x[i] *= FACTOR;\n" },
        { "kernel.cu", "        x[i] *= FACTOR;\n", "        x[i] = x[i] * FACTOR + 1.0f;\n" },
        { "util.h", "int helper();\n", "int helper();\n#define FACTOR 2.0f\n" } };
    const auto outcome = applyEdits(kernelFiles(), edits, kEditable);
    QVERIFY2(outcome.ok, outcome.detail.c_str());
    QVERIFY(outcome.files.at("kernel.cu").find("x[i] = x[i] * FACTOR + 1.0f;") != std::string::npos);
    QCOMPARE(outcome.files.at("util.h"), std::string("#pragma once\nint helper();\n#define FACTOR 2.0f\n"));

    // In the other order the second block does not find its text yet.
    const auto reversed = applyEdits(kernelFiles(), { edits[1], edits[0] }, kEditable);
    QVERIFY(!reversed.ok);
    QCOMPARE(reversed.failedBlock, 0);
}

void TestCodeEdits::applyIsAllOrNothing()
{
    const auto files = kernelFiles();
    const auto outcome = applyEdits(
        files, { { "util.h", "int helper();\n", "int helper2();\n" }, { "kernel.cu", "nothing\n", "x\n" } }, kEditable);
    QVERIFY(!outcome.ok);
    QVERIFY(outcome.files.empty());
    QCOMPARE(files.at("util.h"), std::string("#pragma once\nint helper();\n")); // the input is untouched
}

void TestCodeEdits::applyEmptySearch()
{
    const auto outcome = applyEdits(kernelFiles(), { { "kernel.cu", "", "// new\n" } }, kEditable);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.reason, std::string(kEditDidNotApply));
    QVERIFY(outcome.detail.find("SEARCH section is empty") != std::string::npos);
    const auto blank = applyEdits(kernelFiles(), { { "kernel.cu", "\n  \n", "// new\n" } }, kEditable);
    QCOMPARE(blank.reason, std::string(kEditDidNotApply));
}

void TestCodeEdits::applyExactNeedsLineStart()
{
    // "x = 1;" inside "max = 1;" is not a match of whole lines.
    const std::map<std::string, std::string> files { { "a.cpp", "max = 1;\n" } };
    const auto outcome = applyEdits(files, { { "a.cpp", "x = 1;\n", "x = 2;\n" } }, { "a.cpp" });
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.reason, std::string(kEditDidNotApply));
}

void TestCodeEdits::normalizedIgnoresCommentsAndWhitespace()
{
    const std::string a = "int  f(int x) {\n    // doubles x\n    return x * 2; /* fast */\n}\n";
    const std::string b = "int f(int x)\n{\n\treturn x*2;\n}";
    QCOMPARE(normalizedCode(a), normalizedCode(b));
    QCOMPARE(normalizedCode(a), std::string("int f(int x){return x*2;}"));
    QVERIFY(normalizedCode(a) != normalizedCode("int f(int x) { return x * 3; }"));
    // A comment between two words separates them like a space.
    QCOMPARE(normalizedCode("int/**/x;"), normalizedCode("int x;"));
    // An unterminated block comment runs to the end.
    QCOMPARE(normalizedCode("a; /* never closed\nb;"), std::string("a;"));
}

void TestCodeEdits::normalizedKeepsStringContents()
{
    // Comment markers and spaces inside literals are code.
    QVERIFY(normalizedCode("s = \"a  b\";") != normalizedCode("s = \"a b\";"));
    QCOMPARE(normalizedCode("s = \"// not a comment\";"), std::string("s=\"// not a comment\";"));
    QCOMPARE(normalizedCode("s = \"/* kept */\"; // dropped"), std::string("s=\"/* kept */\";"));
    QCOMPARE(normalizedCode("s = \"say \\\"hi\\\" // x\";"), std::string("s=\"say \\\"hi\\\" // x\";"));
    QCOMPARE(normalizedCode("c = '/'; d = '\"'; // x"), std::string("c='/';d='\"';"));
    QCOMPARE(normalizedCode("auto r = R\"x( a // b \" )x\"; // c"), std::string("auto r=R\"x( a // b \" )x\";"));
    QCOMPARE(normalizedCode("auto w = u8\"  two  \";"), std::string("auto w=u8\"  two  \";"));
    QCOMPARE(normalizedCode("n = 1'000'000; // sep"), std::string("n=1'000'000;"));
}

void TestCodeEdits::normalizedKeepsTokensApart()
{
    QCOMPARE(normalizedCode("unsigned   int x;"), std::string("unsigned int x;"));
    QVERIFY(normalizedCode("a + +b") != normalizedCode("a ++b"));
    QVERIFY(normalizedCode("x - -1") != normalizedCode("x --1"));
    QVERIFY(normalizedCode("int x;") != normalizedCode("intx;"));
    QCOMPARE(normalizedCode("f ( a , b ) ;"), normalizedCode("f(a,b);"));
}

void TestCodeEdits::normalizedKeepsDirectiveLines()
{
    // Where a #define ends matters: these two are different programs.
    QVERIFY(normalizedCode("#define A 1\nint y;\n") != normalizedCode("#define A 1 int y;\n"));
    QCOMPARE(normalizedCode("#define  A  1 // one\nint y;"), std::string("#define A 1\nint y;"));
    QCOMPARE(normalizedCode("int a;\n  #  include <x.h>\n"), std::string("int a;\n#include<x.h>\n"));
    // Continuation lines belong to the directive.
    QCOMPARE(normalizedCode("#define M(x) \\\n   ((x) + 1)\nint z;"), std::string("#define M(x)((x)+1)\nint z;"));
    QVERIFY(normalizedCode("#define M (x)") != normalizedCode("#define M(x)"));
    QCOMPARE(normalizedCode("#pragma once"), normalizedCode("#pragma once\n"));
}

void TestCodeEdits::fingerprintEquality()
{
    const std::map<std::string, std::string> a { { "kernel.cu", "int f() { return 1; } // v1\n" },
        { "util.h", "#pragma once\n" } };
    const std::map<std::string, std::string> b { { "kernel.cu", "/* reformatted */\nint f()\n{\n    return 1;\n}\n" },
        { "util.h", "#pragma once" } };
    const std::map<std::string, std::string> c { { "kernel.cu", "int f() { return 2; }\n" },
        { "util.h", "#pragma once\n" } };
    QCOMPARE(codeFingerprint(a), codeFingerprint(b));
    QVERIFY(codeFingerprint(a) != codeFingerprint(c));
    QCOMPARE(codeFingerprint(a).size(), size_t(64));
    // The path is part of it.
    const std::map<std::string, std::string> renamed { { "kernel2.cu", a.at("kernel.cu") },
        { "util.h", "#pragma once\n" } };
    QVERIFY(codeFingerprint(a) != codeFingerprint(renamed));
    // A string literal's spaces count.
    QVERIFY(codeFingerprint({ { "k.cu", "p(\"a b\");" } }) != codeFingerprint({ { "k.cu", "p(\"a  b\");" } }));
}

void TestCodeEdits::fingerprintOfOtherFiles()
{
    QVERIFY(isCFamilyFile("src/kernel.cu"));
    QVERIFY(isCFamilyFile("a.HPP"));
    QVERIFY(!isCFamilyFile("tune.py"));
    QVERIFY(!isCFamilyFile("dir.cu/Makefile"));
    // Python: "//" is integer division and indentation matters, so neither is normalized away.
    QVERIFY(codeFingerprint({ { "t.py", "x = a // 2\n" } }) != codeFingerprint({ { "t.py", "x = a\n" } }));
    QVERIFY(codeFingerprint({ { "t.py", "if a:\n    b()\n" } }) != codeFingerprint({ { "t.py", "if a:\nb()\n" } }));
    // Trailing whitespace and CRLF do not count.
    QCOMPARE(codeFingerprint({ { "t.py", "a = 1  \r\nb = 2\n" } }), codeFingerprint({ { "t.py", "a = 1\nb = 2\n" } }));
}

void TestCodeEdits::diffSummaryLists()
{
    const auto before = kernelFiles();
    auto after = before;
    after["kernel.cu"].replace(after["kernel.cu"].find("x[i] *= 2.0f;"), 13, "x[i] *= 3.0f;\n        x[i] += 1.0f;");
    const auto summary = diffSummary(before, after, 1000);
    QVERIFY2(summary.starts_with("kernel.cu: +2 -1 lines\n"), summary.c_str());
    QVERIFY(summary.find("- x[i] *= 2.0f;") != std::string::npos);
    QVERIFY(summary.find("+ x[i] *= 3.0f;") != std::string::npos);
    QVERIFY(summary.find("+ x[i] += 1.0f;") != std::string::npos);
    QVERIFY(summary.find("util.h") == std::string::npos); // unchanged files are not listed
    QVERIFY(summary.find("int i =") == std::string::npos); // unchanged lines are not listed
    QCOMPARE(diffSummary(before, before, 100), std::string("no change"));

    auto added = before;
    added["new.cu"] = "a\n";
    QVERIFY(diffSummary(before, added, 1000).find("new.cu: +1 -0 lines (new file)") != std::string::npos);
}

void TestCodeEdits::diffSummaryBounded()
{
    std::string big;
    for (int i = 0; i < 500; ++i)
        big += "line number " + std::to_string(i) + " of a long rewrite;\n";
    const std::map<std::string, std::string> before { { "k.cu", "int x;\n" } };
    const std::map<std::string, std::string> after { { "k.cu", big } };
    const auto summary = diffSummary(before, after, 400);
    QVERIFY2(summary.size() <= 400, summary.c_str());
    QVERIFY(summary.starts_with("k.cu: +500 -1 lines\n"));
    QVERIFY2(summary.find("more changed lines]") != std::string::npos, summary.c_str());
    QVERIFY(summary.ends_with("more changed lines]"));
}

QTEST_APPLESS_MAIN(TestCodeEdits)
#include "tst_code_edits.moc"
