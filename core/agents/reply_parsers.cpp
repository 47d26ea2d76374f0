// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/reply_parsers.h"

#include "agents/text_lines.h"

#include <cctype>
#include <optional>

namespace phylo {

using namespace agents_detail;

namespace {

    using Lines = std::vector<std::string_view>;

    std::string joinLines(const Lines& lines, size_t from, size_t to)
    {
        std::string out;
        for (size_t i = from; i < to && i < lines.size(); ++i) {
            out += lines[i];
            out += '\n';
        }
        return out;
    }

    bool isWordChar(char c)
    {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    }

    /// TEXT without leading and trailing Markdown emphasis and backticks.
    std::string_view stripDecorations(std::string_view text)
    {
        text = trim(text);
        while (!text.empty() && (text.front() == '*' || text.front() == '`' || text.front() == '_'))
            text.remove_prefix(1);
        while (!text.empty() && (text.back() == '*' || text.back() == '`'))
            text.remove_suffix(1);
        return trim(text);
    }

    /// LINE without a leading bullet ("- ", "* ", "+ ") and bold markers.
    std::string_view stripBullet(std::string_view line)
    {
        auto t = trim(line);
        while (!t.empty() && (t.front() == '-' || t.front() == '*' || t.front() == '+' || t.front() == ' '))
            t.remove_prefix(1);
        return t;
    }

    /// "KEYWORD rest" at the start of T (case-insensitive, KEYWORD not followed by a word character): the rest
    /// after ':' '*' and spaces; nullopt if T does not start with KEYWORD.
    std::optional<std::string_view> afterKeyword(std::string_view t, std::string_view keyword)
    {
        if (!startsWithIgnoreCase(t, keyword) || (t.size() > keyword.size() && isWordChar(t[keyword.size()])))
            return std::nullopt;
        auto rest = t.substr(keyword.size());
        while (!rest.empty()
            && (rest.front() == ':' || rest.front() == '*' || rest.front() == ' ' || rest.front() == '\t'))
            rest.remove_prefix(1);
        return trim(rest);
    }

    enum class Key { None, Description, Rationale, Variant };

    /// A "Key: value" line of an idea section ("- **Description:** value" too).
    Key keyLine(std::string_view line, std::string_view* value)
    {
        const auto t = stripBullet(line);
        static constexpr std::pair<std::string_view, Key> keys[]
            = { { "Description", Key::Description }, { "Rationale", Key::Rationale }, { "Variant", Key::Variant } };
        for (const auto& [word, key] : keys) {
            if (!startsWithIgnoreCase(t, word))
                continue;
            auto rest = t.substr(word.size());
            while (!rest.empty() && rest.front() == '*')
                rest.remove_prefix(1);
            if (rest.empty() || rest.front() != ':')
                continue;
            rest.remove_prefix(1);
            while (!rest.empty() && (rest.front() == '*' || rest.front() == ' ' || rest.front() == '\t'))
                rest.remove_prefix(1);
            *value = trim(rest);
            return key;
        }
        return Key::None;
    }

    /// If LINE is an idea header ("### IDEA name", "IDEA: name"), its name (possibly invalid) in *NAME.
    bool ideaHeader(std::string_view line, std::string* name)
    {
        auto t = trim(line);
        size_t hashes = 0;
        while (!t.empty() && t.front() == '#') {
            t.remove_prefix(1);
            ++hashes;
        }
        t = trim(t);
        while (!t.empty() && t.front() == '*')
            t.remove_prefix(1);
        const auto rest = afterKeyword(t, "IDEA");
        if (!rest)
            return false;
        const auto candidate = stripDecorations(*rest);
        if (hashes == 0 && (candidate.empty() || candidate.find_first_of(" \t") != std::string_view::npos))
            return false; // prose that starts with "Idea"
        *name = std::string(candidate);
        return true;
    }

    /// One idea section as written, before names are checked against each other.
    struct Section
    {
        std::string name;
        std::optional<ProposedIdea> idea;
        std::string problem; ///< why idea is empty
    };

    /// The first line of the block that starts at SEARCH_LINE: its path line (or fences) above it.
    size_t blockStart(const Lines& lines, size_t searchLine, size_t floor)
    {
        size_t j = searchLine;
        while (j > floor && (trim(lines[j - 1]).empty() || isFenceLine(lines[j - 1])))
            --j;
        if (j > floor && pathFromLine(lines[j - 1]))
            --j;
        while (j > floor && isFenceLine(lines[j - 1]))
            --j;
        return j;
    }

    Section parseSection(const std::string& name, const Lines& lines)
    {
        Section section;
        section.name = name;
        auto fail = [&](std::string problem) {
            section.problem = std::move(problem);
            return section;
        };
        if (!isValidIdeaName(name))
            return fail("\"" + clip(name, 60)
                + "\" is not a valid idea name (letters, digits and '_', not starting with a digit)");
        if (name.size() > kMaxIdeaNameChars)
            return fail("the name is longer than " + std::to_string(kMaxIdeaNameChars) + " characters");

        const auto inside = linesInsideBlocks(lines);
        std::vector<size_t> variantLines;
        std::vector<std::string> variantValues;
        for (size_t i = 0; i < lines.size(); ++i) {
            std::string_view value;
            if (!inside[i] && keyLine(lines[i], &value) == Key::Variant) {
                variantLines.push_back(i);
                // The value is the first word; anything after it ("64 - a wider tile") is commentary.
                auto word = stripDecorations(value);
                word = word.substr(0, std::min(word.find_first_of(" \t"), word.size()));
                while (!word.empty() && (word.back() == ',' || word.back() == ':' || word.back() == ';'))
                    word.remove_suffix(1);
                variantValues.push_back(std::string(stripDecorations(word)));
            }
        }
        const size_t headerEnd = variantLines.empty() ? lines.size() : variantLines.front();
        size_t firstSearch = headerEnd;
        for (size_t i = 0; i < headerEnd; ++i) {
            if (blockMarkerOf(lines[i]) == BlockMarker::Search) {
                firstSearch = i;
                break;
            }
        }
        const size_t keysEnd = firstSearch < headerEnd ? blockStart(lines, firstSearch, 0) : headerEnd;

        // Description and Rationale: a key line plus its continuation lines up to a blank line or a fence.
        ProposedIdea idea;
        idea.name = name;
        std::string freeText;
        std::string* current = nullptr;
        for (size_t i = 0; i < keysEnd; ++i) {
            std::string_view value;
            const auto key = keyLine(lines[i], &value);
            if (key == Key::Description || key == Key::Rationale) {
                current = key == Key::Description ? &idea.description : &idea.rationale;
                *current = std::string(value);
                continue;
            }
            const auto t = trim(lines[i]);
            if (t.empty() || isFenceLine(t)) {
                current = nullptr;
                continue;
            }
            std::string& target = current ? *current : freeText;
            target += (target.empty() ? "" : " ") + std::string(t);
        }
        if (idea.description.empty())
            idea.description = !freeText.empty() ? freeText : idea.rationale;
        if (idea.description.empty())
            return fail("no Description");
        idea.description = clip(idea.description, kMaxDescriptionChars);
        idea.rationale = clip(idea.rationale, kMaxDescriptionChars);

        if (variantLines.empty()) {
            std::string error;
            auto edits = parseEditBlocks(joinLines(lines, keysEnd, lines.size()), &error);
            if (edits.empty())
                return fail(error);
            idea.variants.push_back({ "", std::move(edits) });
        } else {
            if (firstSearch < headerEnd)
                return fail("SEARCH/REPLACE blocks before its first Variant line (each variant's blocks follow its "
                            "Variant line)");
            if (variantLines.size() > kMaxVariantsPerIdea)
                return fail(std::to_string(variantLines.size()) + " variants (at most "
                    + std::to_string(kMaxVariantsPerIdea) + ")");
            for (size_t k = 0; k < variantLines.size(); ++k) {
                const auto& value = variantValues[k];
                if (!isValidVariantValue(value))
                    return fail("variant \"" + clip(value, 40) + "\" is not a valid value (1 to "
                        + std::to_string(kMaxVariantValueChars) + " of letters, digits, '_', '.', '+', '-')");
                for (const auto& earlier : idea.variants) {
                    if (earlier.value == value)
                        return fail("variant " + value + " is given twice");
                }
                const size_t end = k + 1 < variantLines.size() ? variantLines[k + 1] : lines.size();
                std::string error;
                auto edits = parseEditBlocks(joinLines(lines, variantLines[k] + 1, end), &error);
                if (edits.empty())
                    return fail("variant " + value + ": " + error);
                idea.variants.push_back({ value, std::move(edits) });
            }
        }
        section.idea = std::move(idea);
        return section;
    }

    /// Every idea section of LINES (text before the first header ignored).
    std::vector<Section> parseSections(const Lines& lines)
    {
        const auto inside = linesInsideBlocks(lines);
        std::vector<Section> sections;
        std::vector<size_t> headers;
        std::vector<std::string> names;
        for (size_t i = 0; i < lines.size(); ++i) {
            std::string name;
            if (!inside[i] && ideaHeader(lines[i], &name)) {
                headers.push_back(i);
                names.push_back(name);
            }
        }
        for (size_t k = 0; k < headers.size(); ++k) {
            const size_t end = k + 1 < headers.size() ? headers[k + 1] : lines.size();
            const Lines body(lines.begin() + static_cast<std::ptrdiff_t>(headers[k] + 1),
                lines.begin() + static_cast<std::ptrdiff_t>(end));
            sections.push_back(parseSection(names[k], body));
        }
        return sections;
    }

    std::string ideaLabel(const std::string& name)
    {
        return "idea \"" + clip(name, 60) + "\"";
    }

    /// The valid ideas of SECTIONS with distinct names not in TAKEN, at most MAX; the rest as warnings.
    std::vector<ProposedIdea> collectIdeas(std::vector<Section>& sections, const std::set<std::string>& taken,
        size_t maxIdeas, std::vector<std::string>& warnings)
    {
        std::vector<ProposedIdea> ideas;
        std::set<std::string> seen;
        for (auto& section : sections) {
            if (!section.idea) {
                warnings.push_back(ideaLabel(section.name) + " dropped: " + section.problem);
                continue;
            }
            if (taken.contains(section.name)) {
                warnings.push_back(ideaLabel(section.name) + " dropped: an idea with this name already exists");
                continue;
            }
            if (!seen.insert(section.name).second) {
                warnings.push_back(ideaLabel(section.name) + " dropped: the name is used twice in the reply");
                continue;
            }
            if (ideas.size() >= maxIdeas) {
                warnings.push_back(
                    ideaLabel(section.name) + " dropped: more than " + std::to_string(maxIdeas) + " ideas");
                continue;
            }
            ideas.push_back(std::move(*section.idea));
        }
        return ideas;
    }

    bool tooLarge(std::string_view text, ReplyStatus& status)
    {
        if (text.size() <= kMaxReplyBytes)
            return false;
        status.ok = false;
        status.error = "the reply is too large: " + std::to_string(text.size()) + " bytes (at most "
            + std::to_string(kMaxReplyBytes) + ")";
        return true;
    }

    std::string noIdeaError(
        std::string_view text, const std::vector<Section>& sections, const std::vector<std::string>& warnings)
    {
        if (sections.empty()) {
            return containsSearchMarker(text)
                ? "no ### IDEA section (the reply has SEARCH/REPLACE blocks but no idea header)"
                : "no ### IDEA section in the reply";
        }
        std::string error = "no valid idea";
        if (!warnings.empty())
            error += ": " + warnings.front()
                + (warnings.size() > 1 ? " (and " + std::to_string(warnings.size() - 1) + " more)" : "");
        return error;
    }

} // namespace

ProposerReply parseProposerReply(std::string_view text, const std::set<std::string>& taken, size_t maxIdeas)
{
    ProposerReply reply;
    if (tooLarge(text, reply))
        return reply;
    auto sections = parseSections(splitLines(text));
    reply.ideas = collectIdeas(sections, taken, maxIdeas, reply.warnings);
    reply.ok = !reply.ideas.empty();
    if (!reply.ok)
        reply.error = noIdeaError(text, sections, reply.warnings);
    return reply;
}

MutatorReply parseMutatorReply(std::string_view text, const std::set<std::string>& taken)
{
    MutatorReply reply;
    if (tooLarge(text, reply))
        return reply;
    auto sections = parseSections(splitLines(text));
    for (auto& section : sections) {
        if (section.idea && section.idea->variants.size() > 1) {
            section.problem = std::to_string(section.idea->variants.size())
                + " variants (a mutation is one edit: no Variant lines)";
            section.idea.reset();
        }
    }
    auto ideas = collectIdeas(sections, taken, 1, reply.warnings);
    if (ideas.empty()) {
        reply.error = noIdeaError(text, sections, reply.warnings);
        return reply;
    }
    reply.idea = std::move(ideas.front());
    reply.ok = true;
    return reply;
}

MergerReply parseMergerReply(std::string_view text, const std::set<std::string>& editable)
{
    MergerReply reply;
    if (tooLarge(text, reply))
        return reply;
    auto fail = [&](std::string error) {
        reply.ok = false;
        reply.error = std::move(error);
        reply.files.clear();
        return reply;
    };
    const auto lines = splitLines(text);
    for (size_t i = 0; i < lines.size(); ++i) {
        auto t = trim(lines[i]);
        size_t hashes = 0;
        while (!t.empty() && t.front() == '#') {
            t.remove_prefix(1);
            ++hashes;
        }
        t = trim(t);
        while (!t.empty() && t.front() == '*')
            t.remove_prefix(1);
        const auto rest = afterKeyword(t, "FILE");
        if (!rest || (hashes == 0 && t.size() > 4 && t[4] != ':'))
            continue;
        const auto path = pathFromLine(*rest);
        if (!path)
            return fail("line " + std::to_string(i + 1) + ": a FILE header without a file path");
        if (!editable.contains(*path)) {
            std::string list;
            for (const auto& file : editable)
                list += (list.empty() ? "" : ", ") + file;
            return fail("unknown file " + *path + " (the editable files are: " + (list.empty() ? "none" : list) + ")");
        }
        if (reply.files.contains(*path))
            return fail("file " + *path + " is given twice");
        size_t open = i + 1;
        while (open < lines.size() && trim(lines[open]).empty())
            ++open;
        if (open >= lines.size() || !isFenceLine(lines[open]))
            return fail("file " + *path + ": its content must follow in a ``` code fence");
        const auto fence = trim(lines[open]);
        const char fenceChar = fence.front();
        size_t fenceLen = 0;
        while (fenceLen < fence.size() && fence[fenceLen] == fenceChar)
            ++fenceLen;
        size_t close = open + 1;
        for (; close < lines.size(); ++close) {
            const auto c = trim(lines[close]);
            if (c.size() >= fenceLen && c.find_first_not_of(fenceChar) == std::string_view::npos)
                break;
        }
        if (close >= lines.size())
            return fail("file " + *path + ": the reply ends before the closing " + std::string(fenceLen, fenceChar)
                + " (a truncated reply?)");
        std::string content = joinLines(lines, open + 1, close);
        if (trim(content).empty())
            return fail("file " + *path + " is empty");
        reply.files[*path] = std::move(content);
        i = close;
    }
    if (reply.files.empty()) {
        return fail(containsSearchMarker(text)
                ? "no ### FILE section: the merger writes whole files, not SEARCH/REPLACE blocks"
                : "no ### FILE section in the reply");
    }
    reply.ok = true;
    return reply;
}

RepairReply parseRepairReply(std::string_view text)
{
    RepairReply reply;
    if (tooLarge(text, reply))
        return reply;
    std::string error;
    reply.edits = parseEditBlocks(text, &error);
    reply.ok = !reply.edits.empty();
    reply.error = error;
    return reply;
}

RethinkerReply parseRethinkerReply(std::string_view text, const std::set<std::string>& currentIdeas, size_t maxIdeas)
{
    RethinkerReply reply;
    if (tooLarge(text, reply))
        return reply;
    const auto lines = splitLines(text);
    const auto inside = linesInsideBlocks(lines);
    Lines rest; // every line but the RETIRE lines
    bool sawRetire = false;
    std::set<std::string> retired;
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto t = stripBullet(lines[i]);
        const auto after = inside[i] ? std::nullopt : afterKeyword(t, "RETIRE");
        if (!after) {
            rest.push_back(lines[i]);
            continue;
        }
        sawRetire = true;
        auto body = *after;
        while (!body.empty() && body.front() == '`')
            body.remove_prefix(1);
        size_t nameEnd = 0;
        while (nameEnd < body.size() && isWordChar(body[nameEnd]))
            ++nameEnd;
        const std::string name(body.substr(0, nameEnd));
        auto reason = body.substr(nameEnd);
        // Separators between the name and the reason: backtick, spaces, '-', ':', ',', '.', en and em dashes.
        for (bool changed = true; changed;) {
            changed = false;
            for (std::string_view sep : { "`", " ", "\t", "-", ":", ",", ".", "*", "\xE2\x80\x93", "\xE2\x80\x94" }) {
                if (reason.starts_with(sep)) {
                    reason.remove_prefix(sep.size());
                    changed = true;
                }
            }
        }
        if (name.empty() || (equalsIgnoreCase(name, "none") && trim(reason).empty()))
            continue;
        if (!currentIdeas.contains(name)) {
            reply.warnings.push_back("RETIRE " + clip(name, 60) + " ignored: there is no current idea with this name");
            continue;
        }
        if (retired.insert(name).second)
            reply.retire.push_back({ name, std::string(trim(reason)) });
    }
    auto sections = parseSections(rest);
    reply.ideas = collectIdeas(sections, currentIdeas, maxIdeas, reply.warnings);
    reply.ok = sawRetire || !reply.ideas.empty();
    if (!reply.ok)
        reply.error = sections.empty() ? "no RETIRE line and no ### IDEA section in the reply"
                                       : noIdeaError(text, sections, reply.warnings);
    return reply;
}

} // namespace phylo
