// SPDX-License-Identifier: GPL-3.0-or-later
// The agents' prompts (templates, library, builders) and the parsers of their replies.
#include "agents/edit_apply.h"
#include "agents/prompt_builders.h"
#include "agents/prompt_library.h"
#include "agents/reply_parsers.h"
#include "testsupport.h"
#include "util/user_error.h"

#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <filesystem>
#include <string>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

const std::string kKernel = "__global__ void scale(float* x, int n)\n"
                            "{\n"
                            "    int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
                            "    if (i < n)\n"
                            "        x[i] *= 2.0f;\n"
                            "}\n";

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

#define VERIFY_CONTAINS(text, part) QVERIFY2(contains((text), (part)), (std::string("missing: ") + (part)).c_str())

/// The source tree's prompts/ only (the user's own templates never leak into the tests).
PromptLibrary sourceLibrary()
{
    return PromptLibrary({ fs::path(PHYLO_SOURCE_DIR) / "prompts" });
}

AgentTarget target()
{
    AgentTarget t;
    t.name = "scale";
    t.description = "Scales a vector on the GPU";
    t.metricName = "time_ms";
    t.direction = MetricDirection::Minimize;
    t.files = { { "kernel.cu", kKernel } };
    return t;
}

/// The UserError message of F, or "" if it did not throw one.
template <typename F> std::string userError(F f)
{
    try {
        f();
    } catch (const UserError& e) {
        return e.what();
    }
    return {};
}

const std::string kBlock
    = "kernel.cu\n<<<<<<< SEARCH\n        x[i] *= 2.0f;\n=======\n        x[i] *= 3.0f;\n>>>>>>> REPLACE\n";

std::string ideaSection(const std::string& name, const std::string& body = kBlock)
{
    return "### IDEA " + name + "\nDescription: " + name + " does something.\n" + body + "\n";
}

} // namespace

class TestAgentPrompts : public QObject
{
    Q_OBJECT

private slots:
    // templates and the library
    void renderSubstitutes();
    void renderErrors();
    void templateVariablesListed();
    void libraryDirectoryPrecedence();
    void libraryMissingAndInvalid();
    void libraryStandardDirectoriesHonourEnvironment();
    void shippedTemplatesAreDocumented();
    void documentedFormatsParse();
    // builders
    void mutatorPrompt();
    void mutatorPromptBounded();
    void proposerPrompt();
    void mergerPrompt();
    void repairPrompt();
    void rethinkerPrompt();
    void builderNamesBrokenUserTemplate();
    // parsers
    void proposerParsesIdeas();
    void proposerDropsBadIdeas();
    void proposerErrors();
    void mutatorParsesOneIdea();
    void mutatorErrors();
    void mergerParsesFiles();
    void mergerErrors();
    void repairParsesEdits();
    void rethinkerParses();
    void rethinkerErrors();
    void hugeRepliesRefused();
};

void TestAgentPrompts::renderSubstitutes()
{
    const std::string text = "{{! a comment line\n   spanning lines }}\nHello {{name}}, {{ name }}! {{value}}\n";
    const auto out
        = renderTemplate(text, { { "name", "GPU" }, { "value", "{{name}} stays" }, { "unused", "x" } }, "t.txt");
    QCOMPARE(out, std::string("Hello GPU, GPU! {{name}} stays\n")); // values are not scanned again
    QCOMPARE(renderTemplate("a{{!c}}b", {}, "t"), std::string("ab"));
    QCOMPARE(renderTemplate("no placeholders } { }", {}, "t"), std::string("no placeholders } { }"));
}

void TestAgentPrompts::renderErrors()
{
    auto unknown = userError([] {
        renderTemplate("line one\nSee {{missing}} here", { { "known", "1" } }, "prompts/x.txt");
    });
    VERIFY_CONTAINS(unknown, "prompts/x.txt line 2");
    VERIFY_CONTAINS(unknown, "unknown variable {{missing}}");
    VERIFY_CONTAINS(unknown, "known");
    auto malformed = userError([] { renderTemplate("{{two words}}", { { "two", "" } }, "t.txt"); });
    VERIFY_CONTAINS(malformed, "malformed placeholder {{two words}}");
    auto unclosed = userError([] { renderTemplate("{{name\n}}", { { "name", "" } }, "t.txt"); });
    VERIFY_CONTAINS(unclosed, "without its closing }}");
    auto comment = userError([] { renderTemplate("{{! never closed", {}, "t.txt"); });
    VERIFY_CONTAINS(comment, "comment without its closing }}");
}

void TestAgentPrompts::templateVariablesListed()
{
    QCOMPARE(templateVariables("{{!{{x}} in a comment is cut at its first closing}} {{a}} {{b}}{{a}}", "t"),
        (std::set<std::string> { "a", "b" }));
    // Every variable a shipped template uses is one its builder provides: rendering all five succeeds below,
    // and a template with an extra variable fails (builderNamesBrokenUserTemplate).
    QVERIFY(templateVariables(sourceLibrary().text("mutator"), "mutator.txt").contains("target_return"));
}

void TestAgentPrompts::libraryDirectoryPrecedence()
{
    QTemporaryDir user;
    QTemporaryDir shipped;
    QVERIFY(user.isValid() && shipped.isValid());
    const fs::path userDir = user.path().toStdString();
    const fs::path shippedDir = shipped.path().toStdString();
    test::writeFile(shippedDir / "mutator.txt", "shipped {{x}}");
    test::writeFile(shippedDir / "merger.txt", "shipped merger");
    test::writeFile(userDir / "mutator.txt", "user's {{x}}");
    const PromptLibrary library({ userDir, shippedDir });
    QCOMPARE(library.render("mutator", { { "x", "1" } }), std::string("user's 1"));
    QCOMPARE(library.locate("mutator"), userDir / "mutator.txt");
    QCOMPARE(library.render("merger", {}), std::string("shipped merger")); // only the overridden one changes
    QCOMPARE(library.text("merger"), std::string("shipped merger"));
    // Read at every use: an edit shows at once.
    test::writeFile(userDir / "mutator.txt", "edited {{x}}");
    QCOMPARE(library.render("mutator", { { "x", "2" } }), std::string("edited 2"));
    // An error names the user's file.
    test::writeFile(userDir / "merger.txt", "broken {{nope}}");
    VERIFY_CONTAINS(userError([&] { library.render("merger", {}); }), (userDir / "merger.txt").string());
}

void TestAgentPrompts::libraryMissingAndInvalid()
{
    QTemporaryDir dir;
    const fs::path path = dir.path().toStdString();
    const PromptLibrary library({ path });
    const auto missing = userError([&] { library.render("proposer", {}); });
    VERIFY_CONTAINS(missing, "proposer.txt not found");
    VERIFY_CONTAINS(missing, path.string());
    VERIFY_CONTAINS(userError([&] { library.locate("../etc/passwd"); }), "not a prompt template name");
    VERIFY_CONTAINS(userError([&] { library.locate(""); }), "not a prompt template name");
    test::writeFile(path / "big.txt", std::string(kMaxTemplateBytes + 1, 'x'));
    VERIFY_CONTAINS(userError([&] { library.text("big"); }), "too large");
}

void TestAgentPrompts::libraryStandardDirectoriesHonourEnvironment()
{
    QTemporaryDir user;
    const fs::path userDir = user.path().toStdString();
    test::writeFile(userDir / "repairer.txt", "my repairer");
    const QByteArray saved = qgetenv("PHYLO_PROMPTS_DIR");
    qputenv("PHYLO_PROMPTS_DIR", user.path().toUtf8());
    const auto dirs = PromptLibrary::standardDirectories();
    QVERIFY(!dirs.empty());
    QCOMPARE(dirs.front(), userDir);
    QCOMPARE(dirs.back(), fs::path(PHYLO_SOURCE_DIR) / "prompts");
    QCOMPARE(dirs.size(), size_t(3));
    // The installed copy: <bindir>/../share/phyloevolve/prompts, where packaging/CMakeLists.txt puts prompts/.
    QCOMPARE(
        dirs[1], fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "share" / "phyloevolve" / "prompts");
    const PromptLibrary library;
    QCOMPARE(library.render("repairer", {}), std::string("my repairer"));
    QCOMPARE(library.locate("mutator"), fs::path(PHYLO_SOURCE_DIR) / "prompts" / "mutator.txt"); // falls back

    qputenv("PHYLO_PROMPTS_DIR", (user.path() + "/does-not-exist").toUtf8());
    VERIFY_CONTAINS(userError([] { PromptLibrary library; }), "is not a directory");

    // Without it: $XDG_CONFIG_HOME/phyloevolve/prompts.
    qunsetenv("PHYLO_PROMPTS_DIR");
    const QByteArray savedXdg = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", "/tmp/phylo-xdg-test");
    QCOMPARE(PromptLibrary::standardDirectories().front(), fs::path("/tmp/phylo-xdg-test/phyloevolve/prompts"));
    if (savedXdg.isNull())
        qunsetenv("XDG_CONFIG_HOME");
    else
        qputenv("XDG_CONFIG_HOME", savedXdg);
    if (!saved.isNull())
        qputenv("PHYLO_PROMPTS_DIR", saved);
}

void TestAgentPrompts::shippedTemplatesAreDocumented()
{
    const auto library = sourceLibrary();
    for (const char* name :
        { "proposer", "mutator", "merger", "repairer", "rethinker", "edit_format", "idea_format" }) {
        const auto text = library.text(name);
        QVERIFY2(text.starts_with("{{! " + std::string(name) + ".txt: "), name); // each starts with its documentation
        QVERIFY2(
            contains(test::readFile(fs::path(PHYLO_SOURCE_DIR) / "prompts" / "README.md"), std::string(name) + ".txt"),
            name);
    }
}

void TestAgentPrompts::documentedFormatsParse()
{
    // The examples the prompts show parse with the parsers: the documentation and the code agree.
    const auto library = sourceLibrary();
    const std::map<std::string, std::string> vars { { "example_file", "kernel.cu" } };
    const auto ideaFormat = library.render("idea_format", vars);
    const auto reply = parseProposerReply(ideaFormat);
    QVERIFY2(reply.ok, reply.error.c_str());
    QCOMPARE(reply.ideas.size(), size_t(2));
    QCOMPARE(reply.ideas[0].name, std::string("unroll_k"));
    QVERIFY(reply.ideas[0].isSwitch());
    QCOMPARE(reply.ideas[1].name, std::string("tile_size"));
    QCOMPARE(reply.ideas[1].variants.size(), size_t(2));
    QCOMPARE(reply.ideas[1].variants[1].value, std::string("32"));

    std::string error;
    const auto edits = parseEditBlocks(library.render("edit_format", vars), &error);
    QVERIFY2(edits.size() == 1, error.c_str());
    QCOMPARE(edits[0].file, std::string("kernel.cu"));
    VERIFY_CONTAINS(edits[0].replace, "#pragma unroll 4");
}

void TestAgentPrompts::mutatorPrompt()
{
    MutatorContext context;
    context.target = target();
    context.lineage = { { "baseline", "", 1.0, true, "" },
        { "tile_shared", "kernel.cu: +3 -1 lines\n+ __shared__ float tile[32];", 1.42, true, "" },
        { "vector_loads", "kernel.cu: +1 -1 lines\n+ float4 v = x4[i];", 1.80, true, "" } };
    context.currentSpeedup = 1.8;
    context.targetSpeedup = 2.5;
    context.otherLineages
        = { { { "baseline", "", 1.0, true, "" }, { "warp_shuffle_reduce", "+ __shfl_down_sync", 2.2, true, "" } } };
    context.recentFailures = { { "async_copy", "kernel.cu: +1 -0 lines\n+ cp.async.ca.shared.global [%0], [%1], 16;",
        std::nullopt, false, "wrong result: max error 0.03" } };
    context.existingIdeas = { "tile_shared", "vector_loads", "async_copy" };
    const auto prompt = buildMutatorPrompt(sourceLibrary(), context);

    VERIFY_CONTAINS(prompt, "The lineage is at 1.80x; aim for 2.50x.");
    VERIFY_CONTAINS(prompt, "Step 1: tile_shared -> 1.42x, correct");
    VERIFY_CONTAINS(prompt, "+ __shared__ float tile[32];");
    VERIFY_CONTAINS(prompt, "Step 2: vector_loads -> 1.80x, correct");
    VERIFY_CONTAINS(prompt, "Lineage 1 (best 2.20x)");
    VERIFY_CONTAINS(prompt, "warp_shuffle_reduce");
    VERIFY_CONTAINS(prompt, "- async_copy: wrong result: max error 0.03");
    VERIFY_CONTAINS(prompt,
        "- async_copy: wrong result: max error 0.03\n    kernel.cu: +1 -0 lines\n    + cp.async.ca.shared.global [%0], "
        "[%1], 16;\n");
    VERIFY_CONTAINS(prompt, "tile_shared, vector_loads, async_copy");
    VERIFY_CONTAINS(prompt, "time_ms (minimize: lower is better)");
    VERIFY_CONTAINS(prompt, "Editable files: kernel.cu");
    VERIFY_CONTAINS(prompt, "kernel.cu\n```cuda\n" + kKernel + "```");
    VERIFY_CONTAINS(prompt, "### IDEA");
    VERIFY_CONTAINS(prompt, "<<<<<<< SEARCH");
    VERIFY_CONTAINS(prompt, ">>>>>>> REPLACE");
    QVERIFY(!contains(prompt, "{{"));

    // A failed step of the lineage shows its reason.
    context.lineage.push_back({ "bad_unroll", "", std::nullopt, false, "build failed: expected ';'" });
    VERIFY_CONTAINS(
        buildMutatorPrompt(sourceLibrary(), context), "Step 3: bad_unroll -> FAILED (build failed: expected ';')");
    // Maximized metrics say so.
    context.target.direction = MetricDirection::Maximize;
    VERIFY_CONTAINS(buildMutatorPrompt(sourceLibrary(), context), "(maximize: higher is better)");
}

void TestAgentPrompts::mutatorPromptBounded()
{
    MutatorContext context;
    context.target = target();
    context.target.files["huge.cu"] = std::string(500000, 'x') + "\nTAIL_MARK\n";
    for (int i = 0; i < 200; ++i)
        context.lineage.push_back({ "idea_" + std::to_string(i), std::string(5000, '+'), 1.0 + i * 0.01, true, "" });
    for (int k = 0; k < 20; ++k)
        context.otherLineages.push_back(context.lineage);
    for (int i = 0; i < 100; ++i)
        context.recentFailures.push_back(
            { "fail_" + std::to_string(i), std::string(5000, '-'), std::nullopt, false, std::string(5000, 'e') });
    for (int i = 0; i < 10000; ++i)
        context.existingIdeas.push_back("existing_" + std::to_string(i));
    const PromptLimits limits;
    const auto prompt = buildMutatorPrompt(sourceLibrary(), context, limits);
    QVERIFY2(prompt.size() < 160000, std::to_string(prompt.size()).c_str());
    VERIFY_CONTAINS(prompt, "characters omitted ...]");
    VERIFY_CONTAINS(prompt, "TAIL_MARK"); // a cut file keeps its head and tail
    VERIFY_CONTAINS(prompt, "earlier steps omitted ...]");
    VERIFY_CONTAINS(prompt, "Step 0: idea_0");
    VERIFY_CONTAINS(prompt, "Step 199: idea_199"); // the latest step is kept
    VERIFY_CONTAINS(prompt, "more lineages not shown");
    VERIFY_CONTAINS(prompt, "older failures not shown");
    VERIFY_CONTAINS(prompt, "fail_99");
    QVERIFY(!contains(prompt, "fail_10:"));
    VERIFY_CONTAINS(prompt, "more not shown");
    // The small file is shown whole although the big one is cut.
    VERIFY_CONTAINS(prompt, kKernel);
}

void TestAgentPrompts::proposerPrompt()
{
    ProposerContext context;
    context.target = target();
    context.bestSpeedup = 1.37;
    IdeaStats stats;
    stats.name = "tile_shared";
    stats.description = "Tile x in shared memory";
    stats.tried = 12;
    stats.failed = 2;
    stats.meanWith = 1.3;
    stats.meanWithout = 1.05;
    context.ideas = { stats };
    context.retired = { "loop_swap" };
    context.maxIdeas = 5;
    context.guidance = "Try warp-level primitives.";
    const auto prompt = buildProposerPrompt(sourceLibrary(), context);
    VERIFY_CONTAINS(prompt, "Best speedup so far: 1.37x.");
    VERIFY_CONTAINS(prompt, "- tile_shared: tried 12, failed 2, mean speedup with 1.30x, without 1.05x");
    VERIFY_CONTAINS(prompt, "Tile x in shared memory");
    VERIFY_CONTAINS(prompt, "Retired ideas (they did not pay off): loop_swap");
    VERIFY_CONTAINS(prompt, "up to 5 new, distinct ideas");
    VERIFY_CONTAINS(prompt, "Try warp-level primitives.");
    VERIFY_CONTAINS(prompt, "time_ms (minimize: lower is better)");
    VERIFY_CONTAINS(prompt, "Variant: 16");
    VERIFY_CONTAINS(prompt, kKernel);
    QVERIFY(!contains(prompt, "{{"));
}

void TestAgentPrompts::mergerPrompt()
{
    MergerContext context;
    context.target = target();
    context.target.files["other.cu"] = "UNTOUCHED_FILE\n";
    context.first
        = { "unroll", "Unroll", { { "kernel.cu", "        x[i] *= 2.0f;\n", "        x[i] *= 2.0f; // U1\n" } } };
    context.second = { "scale3", "Scale by three",
        { { "kernel.cu", "        x[i] *= 2.0f;\n", "        x[i] *= 3.0f; // S3\n" } } };
    context.conflict = "block 1 of 1 (kernel.cu): the SEARCH text is not in the file";
    const auto prompt = buildMergerPrompt(sourceLibrary(), context);
    VERIFY_CONTAINS(prompt, "# Idea 1: unroll");
    VERIFY_CONTAINS(prompt, "// U1");
    VERIFY_CONTAINS(prompt, "# Idea 2: scale3");
    VERIFY_CONTAINS(prompt, "// S3");
    VERIFY_CONTAINS(prompt, "the SEARCH text is not in the file");
    VERIFY_CONTAINS(prompt, "### FILE");
    VERIFY_CONTAINS(prompt, "For each of these files: kernel.cu,");
    VERIFY_CONTAINS(prompt, kKernel);
    QVERIFY(!contains(prompt, "UNTOUCHED_FILE")); // only the files the edits touch
    QVERIFY(!contains(prompt, "{{"));
}

void TestAgentPrompts::repairPrompt()
{
    RepairContext context;
    context.target = target();
    context.idea = "vector_loads";
    context.ideaDescription = "Load float4";
    context.attempt = 2;
    context.maxAttempts = 3;
    context.compilerErrors
        = "kernel.cu(5): error: FIRST_ERROR\n" + std::string(50000, 'n') + "\nkernel.cu(9): LAST_ERROR\n";
    PromptLimits limits;
    limits.maxErrorChars = 2000;
    const auto prompt = buildRepairPrompt(sourceLibrary(), context, limits);
    VERIFY_CONTAINS(prompt, "FIRST_ERROR");
    VERIFY_CONTAINS(prompt, "LAST_ERROR");
    VERIFY_CONTAINS(prompt, "characters omitted ...]");
    QVERIFY(prompt.size() < 30000);
    VERIFY_CONTAINS(prompt, "repair attempt 2 of 3");
    VERIFY_CONTAINS(prompt, "vector_loads");
    VERIFY_CONTAINS(prompt, "Load float4");
    VERIFY_CONTAINS(prompt, "<<<<<<< SEARCH");
    VERIFY_CONTAINS(prompt, kKernel);
    QVERIFY(!contains(prompt, "{{"));
}

void TestAgentPrompts::rethinkerPrompt()
{
    RethinkerContext context;
    context.target = target();
    context.era = 2;
    context.bestSpeedup = 2.1;
    IdeaStats a;
    a.name = "tile_shared";
    a.tried = 9;
    a.meanWith = 1.9;
    a.meanWithout = 1.2;
    a.bestPartners = { { "vector_loads", 2.1 }, { "unroll", 1.95 } };
    IdeaStats b;
    b.name = "loop_swap";
    b.tried = 4;
    b.failed = 4;
    context.ideas = { a, b };
    context.maxNewIdeas = 3;
    const auto prompt = buildRethinkerPrompt(sourceLibrary(), context);
    VERIFY_CONTAINS(prompt, "era 2");
    VERIFY_CONTAINS(prompt, "Best speedup so far: 2.10x.");
    VERIFY_CONTAINS(prompt,
        "- tile_shared: tried 9, failed 0, mean speedup with 1.90x, without 1.20x, best partners: "
        "vector_loads (2.10x), unroll (1.95x)");
    VERIFY_CONTAINS(prompt, "- loop_swap: tried 4, failed 4, mean speedup with n/a, without n/a, best partners: none");
    VERIFY_CONTAINS(prompt, "up to 3 new hypotheses");
    VERIFY_CONTAINS(prompt, "RETIRE: <idea name> - <one-line reason>");
    VERIFY_CONTAINS(prompt, "### IDEA");
    VERIFY_CONTAINS(prompt, kKernel);
    QVERIFY(!contains(prompt, "{{"));
}

void TestAgentPrompts::builderNamesBrokenUserTemplate()
{
    QTemporaryDir user;
    const fs::path userDir = user.path().toStdString();
    test::writeFile(userDir / "repairer.txt", "Fix {{errors}} in {{no_such_variable}}");
    const PromptLibrary library({ userDir, fs::path(PHYLO_SOURCE_DIR) / "prompts" });
    RepairContext context;
    context.target = target();
    const auto error = userError([&] { buildRepairPrompt(library, context); });
    VERIFY_CONTAINS(error, (userDir / "repairer.txt").string());
    VERIFY_CONTAINS(error, "unknown variable {{no_such_variable}}");
}

void TestAgentPrompts::proposerParsesIdeas()
{
    const std::string reply = "Here are my ideas.\n\n"
                              "### IDEA triple\n"
                              "Description: Scale by three\n"
                              "instead of two.\n"
                              "Rationale: it is a test.\n"
                              "```cuda\n"
        + kBlock
        + "```\n\n"
          "## IDEA: `block_size`\n"
          "- **Description:** Pick the block size.\n"
          "- **Variant:** 128 - a small block\n"
          "kernel.cu\n<<<<<<< SEARCH\nint i = 0;\n=======\nint i = 128;\n>>>>>>> REPLACE\n"
          "Variant: `256`\n"
          "```\nkernel.cu\n<<<<<<< SEARCH\nint i = 0;\n=======\nint i = 256;\n>>>>>>> REPLACE\n```\n";
    const auto parsed = parseProposerReply(reply);
    QVERIFY2(parsed.ok, parsed.error.c_str());
    QVERIFY(parsed.warnings.empty());
    QCOMPARE(parsed.ideas.size(), size_t(2));
    const auto& triple = parsed.ideas[0];
    QCOMPARE(triple.name, std::string("triple"));
    QCOMPARE(triple.description, std::string("Scale by three instead of two."));
    QCOMPARE(triple.rationale, std::string("it is a test."));
    QVERIFY(triple.isSwitch());
    QCOMPARE(triple.variants[0].edits.size(), size_t(1));
    QCOMPARE(triple.variants[0].edits[0].replace, std::string("        x[i] *= 3.0f;\n"));
    QVERIFY(triple.toIdea().isSwitch());
    const auto& block = parsed.ideas[1];
    QCOMPARE(block.name, std::string("block_size"));
    QCOMPARE(block.description, std::string("Pick the block size."));
    QCOMPARE(block.variants.size(), size_t(2));
    QCOMPARE(block.variants[0].value, std::string("128"));
    QCOMPARE(block.variants[1].value, std::string("256"));
    QCOMPARE(block.variants[1].edits[0].replace, std::string("int i = 256;\n"));
    QCOMPARE(block.toIdea().values, (std::vector<std::string> { "128", "256" }));

    // The parsed edits apply to the code the agent saw.
    const auto applied = applyEdits({ { "kernel.cu", kKernel } }, triple.variants[0].edits, { "kernel.cu" });
    QVERIFY(applied.ok);
}

void TestAgentPrompts::proposerDropsBadIdeas()
{
    const std::string reply = ideaSection("good_one") + ideaSection("9bad") + ideaSection("good_one")
        + ideaSection("taken_idea") + "### IDEA no_blocks\nDescription: just words\n\n"
        + "### IDEA broken_block\nDescription: x\nkernel.cu\n<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n\n"
        + "### IDEA bad_value\nDescription: x\nVariant: a/b\n" + kBlock + "### IDEA twice\nDescription: x\nVariant: 1\n"
        + kBlock + "Variant: 1\n" + kBlock + "### IDEA blocks_first\nDescription: x\n" + kBlock + "Variant: 1\n"
        + kBlock + "### IDEA no_description\n" + kBlock + "### IDEA " + std::string(60, 'n') + "\nDescription: x\n"
        + kBlock + "### IDEA good_two\nThe free text describes it.\n" + kBlock;
    const auto parsed = parseProposerReply(reply, { "taken_idea" });
    QVERIFY2(parsed.ok, parsed.error.c_str());
    QCOMPARE(parsed.ideas.size(), size_t(2));
    QCOMPARE(parsed.ideas[0].name, std::string("good_one"));
    QCOMPARE(parsed.ideas[1].name, std::string("good_two"));
    QCOMPARE(parsed.ideas[1].description, std::string("The free text describes it."));
    std::string all;
    for (const auto& w : parsed.warnings)
        all += w + "\n";
    QCOMPARE(parsed.warnings.size(), size_t(10));
    VERIFY_CONTAINS(all, "idea \"9bad\" dropped: \"9bad\" is not a valid idea name");
    VERIFY_CONTAINS(all, "idea \"good_one\" dropped: the name is used twice");
    VERIFY_CONTAINS(all, "idea \"taken_idea\" dropped: an idea with this name already exists");
    VERIFY_CONTAINS(all, "idea \"no_blocks\" dropped: no SEARCH/REPLACE blocks found");
    VERIFY_CONTAINS(all, "idea \"broken_block\" dropped: block 1 (kernel.cu)");
    VERIFY_CONTAINS(all, "variant \"a/b\" is not a valid value");
    VERIFY_CONTAINS(all, "variant 1 is given twice");
    VERIFY_CONTAINS(all, "blocks before its first Variant line");
    VERIFY_CONTAINS(all, "idea \"no_description\" dropped: no Description");
    VERIFY_CONTAINS(all, "longer than 48 characters");

    // At most MAX_IDEAS.
    const auto limited = parseProposerReply(ideaSection("a") + ideaSection("b") + ideaSection("c"), {}, 2);
    QCOMPARE(limited.ideas.size(), size_t(2));
    QCOMPARE(limited.warnings.size(), size_t(1));
    VERIFY_CONTAINS(limited.warnings[0], "more than 2 ideas");
}

void TestAgentPrompts::proposerErrors()
{
    const auto none = parseProposerReply("I think you should unroll the loop.");
    QVERIFY(!none.ok);
    QCOMPARE(none.error, std::string("no ### IDEA section in the reply"));
    const auto headless = parseProposerReply(kBlock);
    QVERIFY(!headless.ok);
    VERIFY_CONTAINS(headless.error, "has SEARCH/REPLACE blocks but no idea header");
    const auto allBad = parseProposerReply(ideaSection("x", "no blocks here\n") + ideaSection("y", "none either\n"));
    QVERIFY(!allBad.ok);
    VERIFY_CONTAINS(allBad.error, "no valid idea: idea \"x\" dropped: no SEARCH/REPLACE blocks found (and 1 more)");
    const auto truncated = parseProposerReply("### IDEA cut\nDescription: x\nkernel.cu\n<<<<<<< SEARCH\nfoo\n=====");
    QVERIFY(!truncated.ok);
    VERIFY_CONTAINS(truncated.error, "truncated reply?");
    // Prose that starts with "Idea" is not a header; a word like IDEAS neither.
    QVERIFY(!parseProposerReply("Idea: use shared memory\n" + kBlock).ok);
    QVERIFY(!parseProposerReply("## IDEAS\n" + kBlock).ok);
}

void TestAgentPrompts::mutatorParsesOneIdea()
{
    const auto parsed = parseMutatorReply(
        "Looking at the trajectory...\n" + ideaSection("triple") + ideaSection("another"), { "tile" });
    QVERIFY2(parsed.ok, parsed.error.c_str());
    QCOMPARE(parsed.idea.name, std::string("triple"));
    QVERIFY(parsed.idea.isSwitch());
    QCOMPARE(parsed.warnings.size(), size_t(1));
    VERIFY_CONTAINS(parsed.warnings[0], "idea \"another\" dropped: more than 1 ideas");
    // One Variant line is still one edit.
    const auto single = parseMutatorReply("### IDEA v\nDescription: x\nVariant: on\n" + kBlock);
    QVERIFY2(single.ok, single.error.c_str());
    QVERIFY(single.idea.isSwitch());
}

void TestAgentPrompts::mutatorErrors()
{
    const auto several
        = parseMutatorReply("### IDEA v\nDescription: x\nVariant: 1\n" + kBlock + "Variant: 2\n" + kBlock);
    QVERIFY(!several.ok);
    VERIFY_CONTAINS(several.error, "2 variants (a mutation is one edit");
    const auto taken = parseMutatorReply(ideaSection("tile"), { "tile" });
    QVERIFY(!taken.ok);
    VERIFY_CONTAINS(taken.error, "already exists");
    const auto empty = parseMutatorReply("");
    QVERIFY(!empty.ok);
    QCOMPARE(empty.error, std::string("no ### IDEA section in the reply"));
}

void TestAgentPrompts::mergerParsesFiles()
{
    const std::string reply
        = "Combined:\n\n### FILE kernel.cu\n````cuda\n// uses ``` in a comment\n```\nint merged;\n````\n\n"
          "FILE: util.h\n```\n#pragma once\n```\n";
    const auto parsed = parseMergerReply(reply, { "kernel.cu", "util.h" });
    QVERIFY2(parsed.ok, parsed.error.c_str());
    QCOMPARE(parsed.files.size(), size_t(2));
    QCOMPARE(parsed.files.at("kernel.cu"), std::string("// uses ``` in a comment\n```\nint merged;\n"));
    QCOMPARE(parsed.files.at("util.h"), std::string("#pragma once\n"));
}

void TestAgentPrompts::mergerErrors()
{
    const std::set<std::string> editable { "kernel.cu" };
    auto error = [&](const std::string& reply) {
        const auto parsed = parseMergerReply(reply, editable);
        return parsed.ok ? std::string("(ok)") : parsed.error;
    };
    QCOMPARE(error("I merged them."), std::string("no ### FILE section in the reply"));
    VERIFY_CONTAINS(error(kBlock), "writes whole files, not SEARCH/REPLACE blocks");
    VERIFY_CONTAINS(
        error("### FILE bench.cu\n```\nx\n```\n"), "unknown file bench.cu (the editable files are: kernel.cu)");
    VERIFY_CONTAINS(error("### FILE kernel.cu\n```\nx\n```\n### FILE kernel.cu\n```\ny\n```\n"), "given twice");
    VERIFY_CONTAINS(error("### FILE kernel.cu\nint x;\n"), "must follow in a ``` code fence");
    VERIFY_CONTAINS(
        error("### FILE kernel.cu\n```cuda\nint x;\nint y;"), "ends before the closing ``` (a truncated reply?)");
    VERIFY_CONTAINS(error("### FILE kernel.cu\n```\n\n```\n"), "is empty");
    VERIFY_CONTAINS(error("### FILE\n```\nx\n```\n"), "without a file path");
}

void TestAgentPrompts::repairParsesEdits()
{
    const auto parsed = parseRepairReply("The error is a missing semicolon.\n```\n" + kBlock + "```\n");
    QVERIFY2(parsed.ok, parsed.error.c_str());
    QCOMPARE(parsed.edits.size(), size_t(1));
    const auto none = parseRepairReply("I cannot fix this.");
    QVERIFY(!none.ok);
    QCOMPARE(none.error, std::string("no SEARCH/REPLACE blocks found"));
    const auto broken = parseRepairReply("kernel.cu\n<<<<<<< SEARCH\nx\n");
    QVERIFY(!broken.ok);
    VERIFY_CONTAINS(broken.error, "block 1 (kernel.cu)");
}

void TestAgentPrompts::rethinkerParses()
{
    const std::string reply = "After era 1:\n"
                              "RETIRE: loop_swap - always slower\n"
                              "- RETIRE: `fast_math`: wrong results \xE2\x80\x94 every time\n"
                              "RETIRE: ghost_idea - not there\n"
                              "RETIRE: loop_swap - again\n"
        + ideaSection("warp_reduce") + ideaSection("tile_shared");
    const auto parsed = parseRethinkerReply(reply, { "loop_swap", "fast_math", "tile_shared" });
    QVERIFY2(parsed.ok, parsed.error.c_str());
    QCOMPARE(parsed.retire.size(), size_t(2));
    QCOMPARE(parsed.retire[0].name, std::string("loop_swap"));
    QCOMPARE(parsed.retire[0].reason, std::string("always slower"));
    QCOMPARE(parsed.retire[1].name, std::string("fast_math"));
    QCOMPARE(parsed.retire[1].reason, std::string("wrong results \xE2\x80\x94 every time"));
    QCOMPARE(parsed.ideas.size(), size_t(1));
    QCOMPARE(parsed.ideas[0].name, std::string("warp_reduce"));
    QCOMPARE(parsed.warnings.size(), size_t(2));
    VERIFY_CONTAINS(parsed.warnings[0], "RETIRE ghost_idea ignored");
    VERIFY_CONTAINS(parsed.warnings[1], "idea \"tile_shared\" dropped: an idea with this name already exists");

    // "RETIRE: none" with no new ideas is a valid (empty) verdict; a RETIRE line inside a block is code.
    const auto nothing = parseRethinkerReply("RETIRE: none\n", { "a" });
    QVERIFY(nothing.ok);
    QVERIFY(nothing.retire.empty() && nothing.ideas.empty());
    const auto inBlock = parseRethinkerReply(
        "### IDEA keep\nDescription: x\nkernel.cu\n<<<<<<< SEARCH\nRETIRE: a\n=======\nb\n>>>>>>> REPLACE\n", { "a" });
    QVERIFY2(inBlock.ok, inBlock.error.c_str());
    QVERIFY(inBlock.retire.empty());
    QCOMPARE(inBlock.ideas[0].variants[0].edits[0].search, std::string("RETIRE: a\n"));
}

void TestAgentPrompts::rethinkerErrors()
{
    const auto empty = parseRethinkerReply("Everything looks fine.", { "a" });
    QVERIFY(!empty.ok);
    QCOMPARE(empty.error, std::string("no RETIRE line and no ### IDEA section in the reply"));
    const auto bad = parseRethinkerReply(ideaSection("a"), { "a" });
    QVERIFY(!bad.ok);
    VERIFY_CONTAINS(bad.error, "no valid idea: idea \"a\" dropped");
}

void TestAgentPrompts::hugeRepliesRefused()
{
    const std::string huge = ideaSection("big", kBlock + std::string(kMaxReplyBytes, 'x'));
    const auto proposer = parseProposerReply(huge);
    QVERIFY(!proposer.ok);
    VERIFY_CONTAINS(proposer.error, "the reply is too large");
    QVERIFY(!parseMutatorReply(huge).ok);
    QVERIFY(!parseMergerReply(huge, { "kernel.cu" }).ok);
    QVERIFY(!parseRepairReply(huge).ok);
    VERIFY_CONTAINS(parseRethinkerReply(huge, {}).error, "too large");
    // Binary garbage is an error, not a crash.
    std::string garbage;
    for (int i = 0; i < 5000; ++i)
        garbage.push_back(static_cast<char>((i * 7919) % 256));
    QVERIFY(!parseProposerReply(garbage).ok);
    QVERIFY(!parseMergerReply(garbage, { "kernel.cu" }).ok);
    QVERIFY(!parseRepairReply(garbage).ok);
}

QTEST_APPLESS_MAIN(TestAgentPrompts)
#include "tst_agent_prompts.moc"
