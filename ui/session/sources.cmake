# SPDX-License-Identifier: GPL-3.0-or-later
# Sources of ui/session, added to phylo_ui by ui/CMakeLists.txt.
target_sources(phylo_ui PRIVATE
  session/session_snapshot.h
  session/session_reader.cpp
  session/session_reader.h
  session/session_worker.cpp
  session/session_worker.h
  session/session_controller.cpp
  session/session_controller.h
)
