# SPDX-License-Identifier: GPL-3.0-or-later
# Sources of core/llm, added to phylo_core by core/CMakeLists.txt.
target_sources(phylo_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/llm_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sse_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wire_format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/openai_wire.cpp
  ${CMAKE_CURRENT_LIST_DIR}/anthropic_wire.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_transport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/retry_policy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/concurrency_gate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_llm_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/llm_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/spend_meter.cpp
)
