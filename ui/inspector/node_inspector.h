// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"
#include "inspector/agent_record.h"
#include "inspector/comparison_kind.h"
#include "inspector/metrics_view.h"

#include <QWidget>

#include <map>
#include <optional>
#include <string>

class QComboBox;
class QFrame;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;

namespace phylo::ui {

class AgentView;
class CodeView;
class DiffView;

/**
 * Everything about one node of the tree: a header (id, operator, era, genes, speedup), its failure
 * reason and detail in a banner when it failed, and tabs: Diff (side by side against its parent, its
 * era's baseline, the original code or another node), Code, Metrics, Log, and Agent (only for nodes an
 * LLM agent made).
 *
 * The inspector never loads code itself: when a comparison is needed it emits comparisonRequested()
 * and the caller answers with setComparison() (at once or later).
 */
class NodeInspector : public QWidget
{
    Q_OBJECT

public:
    /// The tabs, in order.
    enum Tab { DiffTab, CodeTab, MetricsTab, LogTab, AgentTab };

    explicit NodeInspector(QWidget* parent = nullptr);

    /**
     * Shows NODE with its CODE (path -> text) and, for a node an LLM made, AGENT. REFERENCES are the
     * speedups of its parent and era baseline, for the Metrics tab (setComparison() fills them in too).
     * Forgets the previous node's comparisons and asks for the selected one (comparisonRequested()).
     */
    void showNode(const Node& node, const std::map<std::string, std::string>& code,
        const std::optional<AgentRecord>& agent, const SpeedupReferences& references = {});
    /**
     * The code to compare the shown node with for KIND, titled LABEL (e.g. "Parent · node 17"), and that
     * code's speedup if it was measured. Shown at once if KIND is the selected comparison; OtherNode is
     * selected by giving it (the user just picked it).
     */
    void setComparison(ComparisonKind kind, const QString& label, const std::map<std::string, std::string>& code,
        std::optional<double> speedupOf);
    /// Selects the comparison KIND, asking for its code if it is not known yet.
    void selectComparison(ComparisonKind kind);
    ComparisonKind comparison() const;
    /// Shows the empty state.
    void clear();

    bool hasNode() const { return m_node.has_value(); }
    std::optional<NodeId> nodeId() const;

    QTabWidget* tabs() const { return m_tabs; }
    DiffView* diffView() const { return m_diff; }
    CodeView* codeView() const { return m_code; }
    MetricsView* metricsView() const { return m_metrics; }
    AgentView* agentView() const { return m_agent; }
    QPlainTextEdit* logView() const { return m_log; }
    bool isAgentTabVisible() const;
    /// The failure banner's text ("" when the banner is hidden).
    QString failureText() const;
    /// The line above the diff, e.g. "Node 42 vs parent: 1.230x".
    QString comparisonSummary() const;

Q_SIGNALS:
    /// The Diff tab needs the code of KIND for the shown node: answer with setComparison().
    void comparisonRequested(phylo::ui::ComparisonKind kind);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Comparison {
        QString label;
        std::map<std::string, std::string> code;
        std::optional<double> speedupOf;
    };

    QWidget* makeHeader();
    QWidget* makeDiffTab();
    void showHeader(const Node& node);
    void showBanner(const Node& node);
    void updateBannerStyle();
    void refreshComparison();
    void showComparison(const Comparison& comparison);
    QString nodeTitle() const;

    std::optional<Node> m_node;
    std::map<std::string, std::string> m_nodeCode;
    std::map<ComparisonKind, Comparison> m_comparisons;
    SpeedupReferences m_references;

    QStackedWidget* m_stack = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QLabel* m_genes = nullptr;
    QLabel* m_badge = nullptr;
    QFrame* m_banner = nullptr;
    QLabel* m_bannerTitle = nullptr;
    QLabel* m_bannerDetail = nullptr;
    QTabWidget* m_tabs = nullptr;
    QComboBox* m_comparisonCombo = nullptr;
    QLabel* m_comparisonInfo = nullptr;
    DiffView* m_diff = nullptr;
    CodeView* m_code = nullptr;
    MetricsView* m_metrics = nullptr;
    QPlainTextEdit* m_log = nullptr;
    AgentView* m_agent = nullptr;
};

} // namespace phylo::ui
