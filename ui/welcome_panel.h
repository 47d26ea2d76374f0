// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

namespace phylo::ui {

/**
 * The central placeholder until the live tree view exists: says how to start a headless session and
 * how to open it here.
 */
class WelcomePanel : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePanel(QWidget* parent = nullptr);
};

} // namespace phylo::ui
