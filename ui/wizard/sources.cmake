# SPDX-License-Identifier: GPL-3.0-or-later
# Sources of ui/wizard, added to phylo_ui by ui/CMakeLists.txt: the new-session wizard (one file per page),
# the pure checks and presets it uses, recent sessions and the remembered settings.
target_sources(phylo_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/app_settings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/app_settings.h
  ${CMAKE_CURRENT_LIST_DIR}/bundled_examples.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundled_examples.h
  ${CMAKE_CURRENT_LIST_DIR}/limits_page.cpp
  ${CMAKE_CURRENT_LIST_DIR}/limits_page.h
  ${CMAKE_CURRENT_LIST_DIR}/llm_page.cpp
  ${CMAKE_CURRENT_LIST_DIR}/llm_page.h
  ${CMAKE_CURRENT_LIST_DIR}/llm_presets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/llm_presets.h
  ${CMAKE_CURRENT_LIST_DIR}/new_session_request.cpp
  ${CMAKE_CURRENT_LIST_DIR}/new_session_request.h
  ${CMAKE_CURRENT_LIST_DIR}/new_session_wizard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/new_session_wizard.h
  ${CMAKE_CURRENT_LIST_DIR}/recent_sessions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recent_sessions.h
  ${CMAKE_CURRENT_LIST_DIR}/session_path.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_path.h
  ${CMAKE_CURRENT_LIST_DIR}/target_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/target_check.h
  ${CMAKE_CURRENT_LIST_DIR}/target_page.cpp
  ${CMAKE_CURRENT_LIST_DIR}/target_page.h
)
# A build that is not installed finds the bundled examples in the source tree (bundledExamplesDir()).
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/bundled_examples.cpp PROPERTIES
  COMPILE_DEFINITIONS "PHYLO_SOURCE_DIR=\"${PROJECT_SOURCE_DIR}\"")
