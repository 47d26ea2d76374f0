# SPDX-License-Identifier: GPL-3.0-or-later
# Sources of core/agents, added to phylo_core by core/CMakeLists.txt.
target_sources(phylo_core PRIVATE
)
