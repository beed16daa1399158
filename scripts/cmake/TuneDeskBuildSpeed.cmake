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

# Compiles `target` with tunedesk_engine's precompiled <torch/torch.h>. A PCH
# is only used with the flags it was made with: the libraries are -fPIC (they
# also go into the engine plugin), so executables are compiled -fPIC as well
# rather than -fPIE (they still link as position-independent executables).
function(tunedesk_reuse_torch_pch target)
  target_precompile_headers(${target} REUSE_FROM tunedesk_engine)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE OFF)
    target_compile_options(${target} PRIVATE -fPIC)
  endif()
endfunction()
