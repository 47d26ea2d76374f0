# SPDX-License-Identifier: GPL-3.0-or-later
# Sources of ui/inspector, added to phylo_ui by ui/CMakeLists.txt.
target_sources(phylo_ui PRIVATE
  # Qt-free computations
  ${CMAKE_CURRENT_LIST_DIR}/chart_data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chart_data.h
  ${CMAKE_CURRENT_LIST_DIR}/sample_histogram.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sample_histogram.h
  # shared look
  ${CMAKE_CURRENT_LIST_DIR}/inspector_style.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inspector_style.h
  ${CMAKE_CURRENT_LIST_DIR}/code_editor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/code_editor.h
  ${CMAKE_CURRENT_LIST_DIR}/chart_frame.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chart_frame.h
  # node inspector
  ${CMAKE_CURRENT_LIST_DIR}/agent_record.h
  ${CMAKE_CURRENT_LIST_DIR}/comparison_kind.cpp
  ${CMAKE_CURRENT_LIST_DIR}/comparison_kind.h
  ${CMAKE_CURRENT_LIST_DIR}/diff_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/diff_view.h
  ${CMAKE_CURRENT_LIST_DIR}/code_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/code_view.h
  ${CMAKE_CURRENT_LIST_DIR}/metrics_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics_view.h
  ${CMAKE_CURRENT_LIST_DIR}/agent_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/agent_view.h
  ${CMAKE_CURRENT_LIST_DIR}/node_inspector.cpp
  ${CMAKE_CURRENT_LIST_DIR}/node_inspector.h
  # charts and ideas
  ${CMAKE_CURRENT_LIST_DIR}/charts_panel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/charts_panel.h
  ${CMAKE_CURRENT_LIST_DIR}/idea_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/idea_state.h
  ${CMAKE_CURRENT_LIST_DIR}/ideas_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ideas_model.h
  ${CMAKE_CURRENT_LIST_DIR}/ideas_panel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ideas_panel.h
)
