# SPDX-License-Identifier: GPL-3.0-or-later
# Sources of ui/session, added to phylo_ui by ui/CMakeLists.txt.
target_sources(phylo_ui PRIVATE
)
