// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/node_inspector.h"

#include "inspector/agent_view.h"
#include "inspector/code_view.h"
#include "inspector/diff_view.h"
#include "inspector/inspector_style.h"
#include "report/report_data.h"

#include <QComboBox>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace phylo::ui {

namespace {

    constexpr ComparisonKind kKinds[] = { ComparisonKind::Parent, ComparisonKind::EraBaseline,
        ComparisonKind::Original, ComparisonKind::OtherNode };

    QString qs(const std::string& text)
    {
        return QString::fromStdString(text);
    }

    void setTextColor(QLabel* label, const QColor& color)
    {
        if (!color.isValid()) {
            label->setPalette(QPalette());
            return;
        }
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, color);
        label->setPalette(palette);
    }

} // namespace

NodeInspector::NodeInspector(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack);

    auto* content = new QWidget;
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(8, 8, 8, 8);
    contentLayout->setSpacing(8);
    contentLayout->addWidget(makeHeader());

    m_banner = new QFrame;
    m_banner->setObjectName(QStringLiteral("failureBanner"));
    auto* bannerLayout = new QVBoxLayout(m_banner);
    bannerLayout->setContentsMargins(10, 8, 10, 8);
    bannerLayout->setSpacing(4);
    m_bannerTitle = new QLabel;
    m_bannerTitle->setObjectName(QStringLiteral("failureTitle"));
    QFont titleFont = m_bannerTitle->font();
    titleFont.setBold(true);
    m_bannerTitle->setFont(titleFont);
    m_bannerDetail = new QLabel;
    m_bannerDetail->setObjectName(QStringLiteral("failureDetail"));
    m_bannerDetail->setFont(style::monospaceFont());
    m_bannerDetail->setWordWrap(true);
    m_bannerDetail->setTextFormat(Qt::PlainText);
    m_bannerDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bannerLayout->addWidget(m_bannerTitle);
    bannerLayout->addWidget(m_bannerDetail);
    contentLayout->addWidget(m_banner);
    updateBannerStyle();

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(makeDiffTab(), tr("Diff"));
    m_code = new CodeView;
    m_tabs->addTab(m_code, tr("Code"));
    m_metrics = new MetricsView;
    m_tabs->addTab(m_metrics, tr("Metrics"));
    m_log = new QPlainTextEdit;
    m_log->setObjectName(QStringLiteral("logView"));
    m_log->setReadOnly(true);
    m_log->setFont(style::monospaceFont());
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setPlaceholderText(tr("No build or run output was recorded for this node."));
    m_tabs->addTab(m_log, tr("Log"));
    m_agent = new AgentView;
    m_tabs->addTab(m_agent, tr("Agent"));
    contentLayout->addWidget(m_tabs, 1);
    m_stack->addWidget(content);

    m_stack->addWidget(style::makeHintLabel(
        tr("Select a node in the tree to see its code, its diff, its measurements and its log."), this));
    clear();
}

QWidget* NodeInspector::makeHeader()
{
    auto* header = new QWidget;
    auto* row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 0);
    auto* text = new QVBoxLayout;
    text->setSpacing(2);
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("nodeTitle"));
    QFont font = m_title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.25);
    m_title->setFont(font);
    m_subtitle = new QLabel;
    m_subtitle->setObjectName(QStringLiteral("nodeSubtitle"));
    m_genes = new QLabel;
    m_genes->setObjectName(QStringLiteral("nodeGenes"));
    m_genes->setFont(style::monospaceFont());
    m_genes->setWordWrap(true);
    for (QLabel* label : { m_title, m_subtitle, m_genes })
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setTextColor(m_subtitle, style::muted(palette()));
    text->addWidget(m_title);
    text->addWidget(m_subtitle);
    text->addWidget(m_genes);
    row->addLayout(text, 1);
    m_badge = new QLabel;
    m_badge->setObjectName(QStringLiteral("nodeSpeedup"));
    QFont badgeFont = m_badge->font();
    badgeFont.setBold(true);
    badgeFont.setPointSizeF(badgeFont.pointSizeF() * 1.6);
    m_badge->setFont(badgeFont);
    m_badge->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_badge->setToolTip(tr("Speedup over the original code"));
    row->addWidget(m_badge, 0, Qt::AlignTop);
    return header;
}

QWidget* NodeInspector::makeDiffTab()
{
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->setSpacing(6);
    auto* row = new QHBoxLayout;
    auto* label = new QLabel(tr("Compare with:"));
    m_comparisonCombo = new QComboBox;
    m_comparisonCombo->setObjectName(QStringLiteral("comparisonCombo"));
    for (ComparisonKind kind : kKinds)
        m_comparisonCombo->addItem(comparisonKindText(kind), static_cast<int>(kind));
    m_comparisonCombo->setItemData(3, tr("Pick another node in the tree to compare with it"), Qt::ToolTipRole);
    label->setBuddy(m_comparisonCombo);
    m_comparisonInfo = new QLabel;
    m_comparisonInfo->setObjectName(QStringLiteral("comparisonInfo"));
    row->addWidget(label);
    row->addWidget(m_comparisonCombo);
    row->addSpacing(12);
    row->addWidget(m_comparisonInfo, 1);
    layout->addLayout(row);
    m_diff = new DiffView;
    layout->addWidget(m_diff, 1);
    connect(m_comparisonCombo, &QComboBox::currentIndexChanged, this, [this] { refreshComparison(); });
    return tab;
}

void NodeInspector::showNode(const Node& node, const std::map<std::string, std::string>& code,
    const std::optional<AgentRecord>& agent, const SpeedupReferences& references)
{
    m_node = node;
    m_nodeCode = code;
    m_comparisons.clear();
    m_references = references;
    m_stack->setCurrentIndex(0);

    showHeader(node);
    showBanner(node);
    m_code->setFiles(code);
    m_metrics->showNode(node, references);
    m_log->setPlainText(qs(node.log));
    if (agent)
        m_agent->showRecord(*agent);
    else
        m_agent->clear();
    m_tabs->setTabVisible(AgentTab, agent.has_value());
    refreshComparison();
}

void NodeInspector::setComparison(ComparisonKind kind, const QString& label,
    const std::map<std::string, std::string>& code, std::optional<double> speedupOf)
{
    m_comparisons[kind] = Comparison { label, code, speedupOf };
    if (speedupOf) {
        bool changed = true;
        if (kind == ComparisonKind::Parent)
            m_references.parent = speedupOf;
        else if (kind == ComparisonKind::EraBaseline)
            m_references.eraBaseline = speedupOf;
        else if (kind == ComparisonKind::Original)
            m_references.original = speedupOf;
        else
            changed = false;
        if (changed && m_node)
            m_metrics->setReferences(m_references);
    }
    if (kind == ComparisonKind::OtherNode && comparison() != kind) {
        const QSignalBlocker blocker(m_comparisonCombo);
        m_comparisonCombo->setCurrentIndex(m_comparisonCombo->findData(static_cast<int>(kind)));
    }
    if (comparison() == kind && m_node)
        showComparison(m_comparisons[kind]);
}

void NodeInspector::selectComparison(ComparisonKind kind)
{
    const int index = m_comparisonCombo->findData(static_cast<int>(kind));
    if (index == m_comparisonCombo->currentIndex())
        refreshComparison();
    else
        m_comparisonCombo->setCurrentIndex(index); // refreshes
}

ComparisonKind NodeInspector::comparison() const
{
    return static_cast<ComparisonKind>(m_comparisonCombo->currentData().toInt());
}

void NodeInspector::clear()
{
    m_node.reset();
    m_nodeCode.clear();
    m_comparisons.clear();
    m_references = {};
    m_code->clear();
    m_metrics->clear();
    m_log->clear();
    m_agent->clear();
    m_tabs->setTabVisible(AgentTab, false);
    m_banner->hide();
    m_comparisonInfo->clear();
    m_diff->showHint(tr("Nothing to compare yet."));
    m_stack->setCurrentIndex(1);
}

std::optional<NodeId> NodeInspector::nodeId() const
{
    if (!m_node)
        return std::nullopt;
    return m_node->id;
}

bool NodeInspector::isAgentTabVisible() const
{
    return m_tabs->isTabVisible(AgentTab);
}

QString NodeInspector::failureText() const
{
    if (m_banner->isHidden())
        return {};
    return m_bannerDetail->isHidden() ? m_bannerTitle->text()
                                      : m_bannerTitle->text() + QLatin1Char('\n') + m_bannerDetail->text();
}

QString NodeInspector::comparisonSummary() const
{
    return m_comparisonInfo->text();
}

void NodeInspector::showHeader(const Node& node)
{
    m_title->setText(nodeTitle());
    QStringList parts;
    parts << (node.op.empty() ? tr("node") : qs(node.op));
    parts << tr("era %1").arg(node.era) << tr("generation %1").arg(node.generation);
    if (!node.parents.empty()) {
        QStringList ids;
        for (NodeId p : node.parents)
            ids << QString::number(p);
        parts << (node.parents.size() == 1 ? tr("parent %1") : tr("parents %1")).arg(ids.join(QStringLiteral(", ")));
    }
    parts << qs(statusText(node.status));
    m_subtitle->setText(parts.join(QStringLiteral(" · ")));
    QString genes = qs(node.geneKey);
    genes.replace(QLatin1Char(','), QStringLiteral(", "));
    m_genes->setText(genes.isEmpty() ? tr("(no ideas on: the original code)") : genes);

    const QPalette pal = palette();
    if (node.status == NodeStatus::Succeeded && node.speedup) {
        m_badge->setText(qs(formatSpeedup(*node.speedup)));
        setTextColor(m_badge, *node.speedup >= 1 ? style::good(pal) : style::bad(pal));
    } else if (node.status == NodeStatus::Failed) {
        m_badge->setText(tr("failed"));
        setTextColor(m_badge, style::bad(pal));
    } else {
        m_badge->setText(node.status == NodeStatus::Running ? tr("running…") : tr("pending"));
        setTextColor(m_badge, style::muted(pal));
    }
}

void NodeInspector::showBanner(const Node& node)
{
    if (node.status != NodeStatus::Failed) {
        m_banner->hide();
        return;
    }
    if (node.failure == FailureReason::Pruned)
        m_bannerTitle->setText(tr("Pruned: never run (its subtree was pruned before it was evaluated)"));
    else
        m_bannerTitle->setText(tr("Failed: %1").arg(qs(reasonText(node.failure))));
    m_bannerDetail->setText(qs(node.failureDetail));
    m_bannerDetail->setVisible(!node.failureDetail.empty());
    m_banner->show();
}

void NodeInspector::updateBannerStyle()
{
    const QPalette pal = palette();
    m_banner->setStyleSheet(
        QStringLiteral("QFrame#failureBanner { background-color: %1; border: 1px solid %2; border-radius: 4px; }")
            .arg(style::cssColor(style::removedLineBackground(pal)), style::cssColor(style::bad(pal))));
    setTextColor(m_bannerTitle, style::bad(pal));
}

void NodeInspector::refreshComparison()
{
    if (!m_node)
        return;
    const ComparisonKind kind = comparison();
    if (const auto it = m_comparisons.find(kind); it != m_comparisons.end()) {
        showComparison(it->second);
        return;
    }
    m_comparisonInfo->clear();
    if (kind == ComparisonKind::Parent && m_node->parents.empty()) {
        m_diff->showHint(tr("This node has no parent: it is where the search started. Compare it with the "
                            "original code or another node instead."));
        return;
    }
    m_diff->showHint(kind == ComparisonKind::OtherNode
            ? tr("Pick another node in the tree to compare with it.")
            : tr("Loading the %1's code…").arg(comparisonKindText(kind).toLower()));
    Q_EMIT comparisonRequested(kind);
}

void NodeInspector::showComparison(const Comparison& c)
{
    m_diff->setFiles(c.code, c.label, m_nodeCode, nodeTitle());
    QString info = tr("%1 vs %2").arg(nodeTitle(), c.label);
    if (m_node && m_node->status == NodeStatus::Succeeded && m_node->speedup && c.speedupOf && *c.speedupOf > 0)
        info += QStringLiteral(": ") + qs(formatSpeedup(*m_node->speedup / *c.speedupOf));
    m_comparisonInfo->setText(info);
}

QString NodeInspector::nodeTitle() const
{
    return m_node ? tr("Node %1").arg(m_node->id) : QString();
}

void NodeInspector::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateBannerStyle();
        setTextColor(m_subtitle, style::muted(palette()));
        if (m_node)
            showHeader(*m_node);
    }
}

} // namespace phylo::ui
