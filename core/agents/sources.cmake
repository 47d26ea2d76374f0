# SPDX-License-Identifier: GPL-3.0-or-later
# Sources of core/agents, added to phylo_core by core/CMakeLists.txt.
target_sources(phylo_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/compose_code.cpp
  ${CMAKE_CURRENT_LIST_DIR}/user_ideas.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_lines.cpp
  ${CMAKE_CURRENT_LIST_DIR}/edit_blocks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/edit_apply.cpp
  ${CMAKE_CURRENT_LIST_DIR}/code_fingerprint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/diff_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/proposed_idea.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reply_parsers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prompt_library.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prompt_sections.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prompt_builders.cpp
)
# Where a build from this tree finds prompts/ when neither the user's nor an installed copy has a template.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/prompt_library.cpp PROPERTIES
  COMPILE_DEFINITIONS "PHYLO_SOURCE_DIR=\"${PROJECT_SOURCE_DIR}\"")
