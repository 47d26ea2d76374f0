// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"
#include "domain/node.h"
#include "inspector/idea_state.h"

#include <QWidget>

#include <map>
#include <memory>
#include <string>
#include <vector>

class QMenu;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace phylo::ui {

class IdeasModel;

/**
 * The session's ideas in a sortable table (name, state, times tried, mean speedup with / without, effect)
 * with buttons and a context menu to pin, unpin, ban and unban the selected idea. The panel only asks:
 * the main window performs the steering command and calls setStates() with the result.
 *
 * Pinning a variant idea needs a value: the Pin button and the menu then offer the idea's values and the
 * request names the setting ("tile=32"), as `phylo steer pin` takes it.
 */
class IdeasPanel : public QWidget
{
    Q_OBJECT

public:
    explicit IdeasPanel(QWidget* parent = nullptr);

    /// Replaces the table: IDEAS, their statistics over NODES, and STATES by idea name (default active).
    void setData(const std::vector<Idea>& ideas, const std::vector<Node>& nodes,
        const std::map<std::string, IdeaState>& states);
    /// Updates only the states (after a steering command).
    void setStates(const std::map<std::string, IdeaState>& states);

    IdeasModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    /// The selected idea's name, or "".
    QString selectedIdea() const;
    /// Selects the idea NAME; false if there is none.
    bool selectIdea(const QString& name);

    /// The context menu for the idea NAME (what a right click shows); null for an unknown idea.
    std::unique_ptr<QMenu> createContextMenu(const QString& name);

    QToolButton* pinButton() const { return m_pin; }
    QToolButton* unpinButton() const { return m_unpin; }
    QToolButton* banButton() const { return m_ban; }
    QToolButton* unbanButton() const { return m_unban; }

Q_SIGNALS:
    /// Pin SETTING: an idea's name for a switch, "name=value" for a variant idea.
    void pinRequested(const QString& setting);
    void unpinRequested(const QString& idea);
    void banRequested(const QString& idea);
    void unbanRequested(const QString& idea);

private:
    void updateButtons();
    /// The pin actions for the idea at model ROW: one for a switch, one per value for a variant.
    void addPinActions(QMenu* menu, int row);
    int selectedRow() const;

    IdeasModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableView* m_view = nullptr;
    QToolButton* m_pin = nullptr;
    QToolButton* m_unpin = nullptr;
    QToolButton* m_ban = nullptr;
    QToolButton* m_unban = nullptr;
    QMenu* m_pinMenu = nullptr;
};

} // namespace phylo::ui
