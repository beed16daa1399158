# Use ccache when it is installed. The sloppiness settings let ccache reuse
# objects built with a precompiled header (torch targets use one).
find_program(TUNEDESK_CCACHE ccache)
if(TUNEDESK_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      ${TUNEDESK_CCACHE})
  message(STATUS "TuneDesk: compiling through ccache (${TUNEDESK_CCACHE})")
endif()
