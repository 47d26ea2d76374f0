# SPDX-License-Identifier: GPL-3.0-or-later
# Sources of ui/tree, added to phylo_ui by ui/CMakeLists.txt.
target_sources(phylo_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/phylo_tree_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/phylo_tree_view.h
  ${CMAKE_CURRENT_LIST_DIR}/phylo_tree_view_interaction.cpp
  ${CMAKE_CURRENT_LIST_DIR}/speedup_color_scale.cpp
  ${CMAKE_CURRENT_LIST_DIR}/speedup_color_scale.h
  ${CMAKE_CURRENT_LIST_DIR}/tidy_tree_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tidy_tree_layout.h
  ${CMAKE_CURRENT_LIST_DIR}/tree_edges_item.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tree_edges_item.h
  ${CMAKE_CURRENT_LIST_DIR}/tree_layout_runner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tree_layout_runner.h
  ${CMAKE_CURRENT_LIST_DIR}/tree_legend.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tree_legend.h
  ${CMAKE_CURRENT_LIST_DIR}/tree_marker_item.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tree_marker_item.h
  ${CMAKE_CURRENT_LIST_DIR}/tree_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tree_model.h
  ${CMAKE_CURRENT_LIST_DIR}/tree_node_item.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tree_node_item.h
  ${CMAKE_CURRENT_LIST_DIR}/tree_text.h
)
