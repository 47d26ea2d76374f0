// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/ideas_panel.h"

#include "inspector/chart_data.h"
#include "inspector/ideas_model.h"
#include "inspector/inspector_style.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace phylo::ui {

namespace {

    bool canPin(IdeaState s) { return s == IdeaState::Active || s == IdeaState::Banned; }
    bool canUnpin(IdeaState s) { return s == IdeaState::Pinned; }
    bool canBan(IdeaState s) { return s == IdeaState::Active || s == IdeaState::Pinned; }
    bool canUnban(IdeaState s) { return s == IdeaState::Banned; }

    QToolButton* button(const QString& text, const QString& tip)
    {
        auto* b = new QToolButton;
        b->setText(text);
        b->setToolTip(tip);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setAutoRaise(false);
        return b;
    }

} // namespace

IdeasPanel::IdeasPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new IdeasModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(IdeasModel::SortRole);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    m_pin = button(tr("Pin"), tr("Every new candidate carries this idea"));
    m_unpin = button(tr("Unpin"), tr("Let the search decide about this idea again"));
    m_ban = button(tr("Ban"), tr("No new candidate carries this idea"));
    m_unban = button(tr("Unban"), tr("Let the search try this idea again"));
    m_pinMenu = new QMenu(this);
    for (QToolButton* b : { m_pin, m_unpin, m_ban, m_unban })
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_view = new QTableView;
    m_view->setObjectName(QStringLiteral("ideasTable"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(IdeasModel::NameColumn, Qt::AscendingOrder);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(IdeasModel::NameColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setHighlightSections(false);

    m_stack = new QStackedWidget;
    m_stack->addWidget(m_view);
    m_stack->addWidget(style::makeHintLabel(
        tr("No ideas yet. They come from the target's phylo.toml, or from the LLM agents when the session uses them."),
        this));
    layout->addWidget(m_stack, 1);

    auto* legend = new QLabel(tr("Effect: mean speedup of measured candidates with the idea ÷ without it."));
    legend->setWordWrap(true);
    QPalette palette = legend->palette();
    palette.setColor(QPalette::WindowText, style::muted(palette));
    legend->setPalette(palette);
    layout->addWidget(legend);

    connect(m_pin, &QToolButton::clicked, this, [this] {
        const int row = selectedRow();
        if (row >= 0 && m_model->idea(row).isSwitch() && canPin(m_model->state(row)))
            Q_EMIT pinRequested(QString::fromStdString(m_model->idea(row).name));
    });
    connect(m_unpin, &QToolButton::clicked, this, [this] {
        if (const QString name = selectedIdea(); !name.isEmpty())
            Q_EMIT unpinRequested(name);
    });
    connect(m_ban, &QToolButton::clicked, this, [this] {
        if (const QString name = selectedIdea(); !name.isEmpty())
            Q_EMIT banRequested(name);
    });
    connect(m_unban, &QToolButton::clicked, this, [this] {
        if (const QString name = selectedIdea(); !name.isEmpty())
            Q_EMIT unbanRequested(name);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &IdeasPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &IdeasPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &IdeasPanel::updateButtons);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_view->indexAt(pos);
        if (!index.isValid())
            return;
        m_view->selectRow(index.row());
        if (auto menu = createContextMenu(index.data(IdeasModel::NameRole).toString()))
            menu->exec(m_view->viewport()->mapToGlobal(pos));
    });
    m_stack->setCurrentIndex(1);
    updateButtons();
}

void IdeasPanel::setData(const std::vector<Idea>& ideas, const std::vector<Node>& nodes,
    const std::map<std::string, IdeaState>& states)
{
    m_model->setIdeas(ideas, ideaSummaries(nodes, ideas), states);
    m_stack->setCurrentIndex(ideas.empty() ? 1 : 0);
    updateButtons();
}

void IdeasPanel::setStates(const std::map<std::string, IdeaState>& states)
{
    m_model->setStates(states);
    updateButtons();
}

int IdeasPanel::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return -1;
    return m_proxy->mapToSource(rows.front()).row();
}

QString IdeasPanel::selectedIdea() const
{
    const int row = selectedRow();
    return row < 0 ? QString() : QString::fromStdString(m_model->idea(row).name);
}

bool IdeasPanel::selectIdea(const QString& name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return false;
    m_view->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
    return true;
}

void IdeasPanel::addPinActions(QMenu* menu, int row)
{
    const Idea& idea = m_model->idea(row);
    const bool enabled = canPin(m_model->state(row));
    const QString name = QString::fromStdString(idea.name);
    if (idea.isSwitch()) {
        QAction* action = menu->addAction(tr("Pin %1").arg(name));
        action->setEnabled(enabled);
        connect(action, &QAction::triggered, this, [this, name] { Q_EMIT pinRequested(name); });
        return;
    }
    for (const auto& value : idea.values) {
        const QString setting = name + QLatin1Char('=') + QString::fromStdString(value);
        QAction* action = menu->addAction(tr("Pin %1").arg(setting));
        action->setEnabled(enabled);
        connect(action, &QAction::triggered, this, [this, setting] { Q_EMIT pinRequested(setting); });
    }
}

std::unique_ptr<QMenu> IdeasPanel::createContextMenu(const QString& name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return nullptr;
    auto menu = std::make_unique<QMenu>();
    const IdeaState state = m_model->state(row);
    if (m_model->idea(row).isSwitch()) {
        addPinActions(menu.get(), row);
    } else {
        QMenu* values = menu->addMenu(tr("Pin to"));
        values->setEnabled(canPin(state));
        addPinActions(values, row);
    }
    QAction* unpin = menu->addAction(tr("Unpin %1").arg(name));
    unpin->setEnabled(canUnpin(state));
    connect(unpin, &QAction::triggered, this, [this, name] { Q_EMIT unpinRequested(name); });
    menu->addSeparator();
    QAction* ban = menu->addAction(tr("Ban %1").arg(name));
    ban->setEnabled(canBan(state));
    connect(ban, &QAction::triggered, this, [this, name] { Q_EMIT banRequested(name); });
    QAction* unban = menu->addAction(tr("Unban %1").arg(name));
    unban->setEnabled(canUnban(state));
    connect(unban, &QAction::triggered, this, [this, name] { Q_EMIT unbanRequested(name); });
    return menu;
}

void IdeasPanel::updateButtons()
{
    const int row = selectedRow();
    const bool any = row >= 0;
    const IdeaState state = any ? m_model->state(row) : IdeaState::Committed;
    m_pin->setEnabled(any && canPin(state));
    m_unpin->setEnabled(any && canUnpin(state));
    m_ban->setEnabled(any && canBan(state));
    m_unban->setEnabled(any && canUnban(state));
    m_pinMenu->clear();
    if (any && !m_model->idea(row).isSwitch()) {
        addPinActions(m_pinMenu, row);
        m_pin->setMenu(m_pinMenu);
        m_pin->setPopupMode(QToolButton::InstantPopup);
        m_pin->setText(tr("Pin to"));
    } else {
        m_pin->setMenu(nullptr);
        m_pin->setPopupMode(QToolButton::DelayedPopup);
        m_pin->setText(tr("Pin"));
    }
}

} // namespace phylo::ui
